package dev.dxpy.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheSweepTest {
    @TempDir
    Path root;

    private final Instant now = Instant.parse("2026-11-26T12:00:00Z");

    private Path file(String rel, Duration unusedFor) throws IOException {
        Path f = root.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, rel);
        FileTime t = FileTime.from(now.minus(unusedFor));
        Files.getFileAttributeView(f, BasicFileAttributeView.class).setTimes(t, t, null);
        return f;
    }

    @Test
    void entriesUnusedForThirtyDaysGoTheOthersAndKeptOnesStay() throws IOException {
        Path oldRewritten = file("rewritten/aa-test_a.cpython-311-dxpy.pyc", Duration.ofDays(40));
        Path newRewritten = file("rewritten/bb-test_b.cpython-311-dxpy.pyc", Duration.ofDays(3));
        Path oldBytecode = file("bytecode/cc-m1.cpython-311.pyc", Duration.ofDays(31));
        Path oldLib = file("native/dxpy-treesitter-0000aaaa.so", Duration.ofDays(60));
        Path keptLib = file("native/dxpy-treesitter-0000bbbb.so", Duration.ofDays(60));
        Path oldWorker = file("worker-old/dx_py_test_runner/__init__.py", Duration.ofDays(45)).getParent().getParent();
        file("worker-old/dx_py_test_runner/worker.py", Duration.ofDays(45));
        Path newWorker = file("worker-new/dx_py_test_runner/__init__.py", Duration.ofDays(1)).getParent().getParent();
        Path keptWorker = file("worker-kept/dx_py_test_runner/__init__.py", Duration.ofDays(90)).getParent().getParent();

        int removed = CacheSweep.maybeSweep(root, now, Set.of(keptLib.toAbsolutePath().normalize(),
                keptWorker.toAbsolutePath().normalize()));

        assertThat(removed).isEqualTo(4);
        assertThat(oldRewritten).doesNotExist();
        assertThat(oldBytecode).doesNotExist();
        assertThat(oldLib).doesNotExist();
        assertThat(oldWorker).doesNotExist();
        assertThat(newRewritten).exists();
        assertThat(keptLib).exists();
        assertThat(newWorker.resolve("dx_py_test_runner/__init__.py")).exists();
        assertThat(keptWorker.resolve("dx_py_test_runner/__init__.py")).exists();
        try (var s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".trash-"));
        }
    }

    @Test
    void aRecentAccessCountsAsUse() throws IOException {
        Path f = file("rewritten/dd-test_d.cpython-311-dxpy.pyc", Duration.ofDays(40));
        Files.getFileAttributeView(f, BasicFileAttributeView.class)
                .setTimes(null, FileTime.from(now.minus(Duration.ofDays(2))), null); // read two days ago
        CacheSweep.maybeSweep(root, now, Set.of());
        assertThat(f).exists();
    }

    @Test
    void sweepsAtMostOnceADayAndClearsWhatAnInterruptedSweepLeft() throws IOException {
        Path first = file("rewritten/ee.pyc", Duration.ofDays(40));
        assertThat(CacheSweep.maybeSweep(root, now, Set.of())).isEqualTo(1);
        Path second = file("rewritten/ff.pyc", Duration.ofDays(40));
        file(".trash-worker-x/dx_py_test_runner/__init__.py", Duration.ofDays(40));
        assertThat(CacheSweep.maybeSweep(root, now.plus(Duration.ofHours(5)), Set.of())).isZero();
        assertThat(second).exists();
        CacheSweep.maybeSweep(root, now.plus(Duration.ofHours(25)), Set.of());
        assertThat(first).doesNotExist();
        assertThat(second).doesNotExist();
        assertThat(root.resolve(".trash-worker-x")).doesNotExist();
    }

    @Test
    void aMissingCacheIsNoError() {
        assertThat(CacheSweep.maybeSweep(root.resolve("absent"), now, Set.of())).isZero();
    }
}

package dev.dxpy.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesCreatesTheDirectoryReplacesAndLeavesOnlyTheFileReadableByItsOwner() throws IOException {
        Path file = dir.resolve("sub/index.dxti");
        AtomicFiles.write(file, "one".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(file, "two".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("index.dxti");
        }
    }

    @Test
    void concurrentWritersEachLeaveAWholeFileAndNoTemporaryOne() throws Exception {
        Path file = dir.resolve("graph.bin");
        Set<String> contents = IntStream.range(0, 16).mapToObj(i -> ("writer " + i + " ").repeat(5000))
                .collect(Collectors.toSet());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String c : contents) {
                done.add(pool.submit(() -> {
                    AtomicFiles.write(file, c.getBytes(StandardCharsets.UTF_8));
                    assertThat(contents).contains(Files.readString(file));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(contents).contains(Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("graph.bin");
        }
    }
}

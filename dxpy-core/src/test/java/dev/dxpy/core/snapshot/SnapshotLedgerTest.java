package dev.dxpy.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotLedgerTest {
    @TempDir
    Path root;

    private Path snaps() throws Exception {
        Path dir = Files.createDirectories(root.resolve("tests/__snapshots__/test_a.py"));
        Files.writeString(dir.resolve("used.snap"), "a");
        Files.writeString(dir.resolve("stale.snap"), "b");
        Files.writeString(dir.resolve("index.b3"), "h1 1 stale.snap\nh2 1 used.snap\n");
        Path usedDir = Files.createDirectories(root.resolve(".dxpy/snapshots-used"));
        Files.writeString(usedDir.resolve("123.txt"), "tests/__snapshots__/test_a.py/used.snap\n");
        return dir;
    }

    @Test
    void listsSnapshotsNoWorkerRecorded() throws Exception {
        snaps();
        assertThat(new SnapshotLedger(root).obsolete()).containsExactly("tests/__snapshots__/test_a.py/stale.snap");
    }

    @Test
    void removesObsoleteSnapshotsAndTheirIndexLines() throws Exception {
        Path dir = snaps();
        SnapshotLedger ledger = new SnapshotLedger(root);
        ledger.remove(ledger.obsolete());
        assertThat(dir.resolve("stale.snap")).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("index.b3"), StandardCharsets.UTF_8)).containsExactly("h2 1 used.snap");
        assertThat(ledger.obsolete()).isEmpty();
    }

    @Test
    void resetForgetsEarlierRuns() throws Exception {
        snaps();
        SnapshotLedger ledger = new SnapshotLedger(root);
        ledger.reset();
        assertThat(ledger.obsolete()).hasSize(2);
        new SnapshotLedger(root.resolve("nothing-here")).reset();
        assertThat(List.of(root.resolve(".dxpy/snapshots-used").toFile().list())).isEmpty();
    }

    @Test
    void snapshotsAreLookedForWhereTestsCanLiveOnly() throws Exception {
        snaps();
        for (String skipped : List.of(".git/x/__snapshots__/t.py", "node_modules/p/__snapshots__/t.py",
                "venv/lib/__snapshots__/t.py", "tests/__pycache__/__snapshots__/t.py")) {
            Path d = Files.createDirectories(root.resolve(skipped));
            Files.writeString(d.resolve("s.snap"), "x");
        }
        Files.writeString(root.resolve("venv/pyvenv.cfg"), "home = /usr/bin\n");
        Path deep = Files.createDirectories(root.resolve("pkg/sub/tests/__snapshots__/test_b.py"));
        Files.writeString(deep.resolve("b.snap"), "y");
        assertThat(new SnapshotLedger(root).snapshots()).containsExactly("pkg/sub/tests/__snapshots__/test_b.py/b.snap",
                "tests/__snapshots__/test_a.py/stale.snap", "tests/__snapshots__/test_a.py/used.snap");
        assertThat(new SnapshotLedger(root.resolve("pkg")).snapshots()).containsExactly(
                "sub/tests/__snapshots__/test_b.py/b.snap");
    }
}

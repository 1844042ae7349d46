package dev.dxpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping {@code dx-py test --watch} with a signal (Ctrl-C or SIGTERM): it ends at once and leaves no worker. */
class WatchSignalTest {
    @TempDir
    Path project;

    @Test
    void aSignalEndsTheWatchAtOnceWithNoWorkerLeft() throws IOException, InterruptedException {
        Files.writeString(project.resolve("pytest.ini"), "[pytest]\n");
        Files.writeString(project.resolve("test_a.py"), "def test_1():\n    pass\n");
        Path out = project.resolve("out.txt");
        Process cli = CliProcess.start(project, out, "test", "--watch");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // the first cycle ran and its spare workers are up
            while (!(Files.readString(out).contains("waiting for changes") && cli.descendants().count() > 0)
                    && cli.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(cli.descendants().count()).as(Files.readString(out)).isPositive();
            List<ProcessHandle> workers = cli.descendants().toList();
            cli.destroy(); // SIGTERM: the same shutdown hook as Ctrl-C's SIGINT
            // the hook used to wait for the main thread, which never ends during a shutdown: 5 s every time
            assertThat(cli.waitFor(4, TimeUnit.SECONDS)).as(Files.readString(out)).isTrue();
            assertThat(Files.readString(out)).contains("dx-py watch: stopped");
            CliProcess.awaitGone(workers);
            assertThat(workers).noneMatch(ProcessHandle::isAlive);
        } finally {
            CliProcess.kill(cli);
        }
    }
}

package dev.dxpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a running {@code dx-py test}: it reports what ran and leaves no worker behind. */
class SignalTest {
    @TempDir
    Path project;

    @Test
    void sigtermReportsWhatRanAndLeavesNoWorker() throws IOException, InterruptedException {
        Files.writeString(project.resolve("pytest.ini"), "[pytest]\n");
        Path started = Files.createDirectories(project.resolve("started"));
        String sleeper = """
                def test_zz_sleeps():
                    import os, time
                    open(os.path.join(%s, str(os.getpid())), "w").close()
                    time.sleep(120)
                """.formatted("'" + started + "'");
        Files.writeString(project.resolve("test_a.py"),
                "def test_1():\n    pass\n\ndef test_2():\n    pass\n\ndef test_3():\n    pass\n\n" + sleeper);
        Files.writeString(project.resolve("test_b.py"), sleeper);
        Process cli = CliProcess.start(project, project.resolve("out.txt"), "test", "-n", "2");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // both sleepers running, and the three results the workers sent before them read by the engine
            // (on a loaded machine the engine's reader can lag behind the workers)
            while ((count(started) < 2 || !Files.readString(project.resolve("out.txt")).contains("test_3"))
                    && cli.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(count(started)).as(Files.readString(project.resolve("out.txt"))).isEqualTo(2);
            List<ProcessHandle> workers = cli.descendants().toList();
            cli.destroy(); // SIGTERM
            assertThat(cli.waitFor(15, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(project.resolve("out.txt"));
            assertThat(out).contains("!!! interrupted: 3 passed before the signal");
            CliProcess.awaitGone(workers);
            assertThat(workers).noneMatch(ProcessHandle::isAlive);
        } finally {
            CliProcess.kill(cli);
        }
    }

    private static long count(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }
}

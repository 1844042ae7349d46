package dev.dxpy.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** An engine JVM killed mid-run (SIGKILL or SIGTERM) leaves no Python worker behind. */
class EngineDeathTest {
    @TempDir
    Path project;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SIGKILL", "SIGTERM"})
    void killingTheEngineMidRunLeavesNoWorker(String signal) throws IOException, InterruptedException {
        Files.writeString(project.resolve("pytest.ini"), "[pytest]\n");
        Path started = project.resolve("started");
        Files.createDirectories(started);
        for (String f : List.of("a", "b")) {
            Files.writeString(project.resolve("test_" + f + ".py"), """
                    import os, time

                    def test_sleeps():
                        open(os.path.join(%s, str(os.getpid())), "w").close()
                        time.sleep(120)
                    """.formatted("'" + started + "'"));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process engine = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RunSuiteMain.class.getName(), project.toString()).redirectErrorStream(true)
                .redirectOutput(project.resolve("engine.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(started) < 2 && System.nanoTime() < deadline && engine.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(count(started)).as("both workers are running a test; engine log:\n%s",
                    Files.readString(project.resolve("engine.log"))).isEqualTo(2);
            List<ProcessHandle> workers = engine.descendants().toList();
            assertThat(workers).hasSizeGreaterThanOrEqualTo(2);
            if (signal.equals("SIGKILL")) {
                engine.destroyForcibly();
            } else {
                engine.destroy();
            }
            assertThat(engine.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (workers.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(workers).as("workers still alive 5 s after the engine died").noneMatch(ProcessHandle::isAlive);
        } finally {
            engine.descendants().forEach(ProcessHandle::destroyForcibly);
            engine.destroyForcibly();
        }
    }

    private static long count(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }
}

package dev.dxpy.core.engine;

import static dev.dxpy.core.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes and hangs while the worker's TEST_STARTED and TEST_RESULT frames are only in its shared-memory
 * frame log: the doorbell is set to ring every 10 minutes ({@code DXPY_BELL_MS}), so nothing but FILE_DONE
 * and the failures' doorbells goes over the pipe. Every test appends its name and pid to {@code ran.txt},
 * which shows that no result was lost (a lost result would make its test run again).
 */
class FrameLogCrashTest {
    @TempDir
    Path project;


    private RunResult run(EngineConfig.Builder b) {
        EngineConfig config = b.invocationDir(project).cacheDir(project.resolve(".dxpy")).workers(1)
                .environment(Map.of("DXPY_BELL_MS", "600000")).build();
        try (DxEngine engine = new DxEngine(config)) {
            return engine.run(RunListener.NONE);
        }
    }

    /** A test file: passing tests named {@code prefix_i}, and tests with their own bodies. */
    private String tests(String... parts) {
        StringBuilder src = new StringBuilder("import ctypes, os, signal, time\n\n");
        src.append(new PidLog(project.resolve("ran.txt")).pythonFunction("ran"));
        for (String part : parts) {
            String[] p = part.split("=", 2);
            if (p.length == 2) {
                src.append("def test_").append(p[0]).append("():\n    ran('").append(p[0]).append("')\n    ")
                        .append(p[1]).append("\n\n");
            } else {
                String[] range = p[0].split("\\*");
                for (int i = 0; i < Integer.parseInt(range[1]); i++) {
                    String name = range[0] + "_" + i;
                    src.append("def test_").append(name).append("():\n    ran('").append(name).append("')\n\n");
                }
            }
        }
        return src.toString();
    }

    /** Test name to the pids of the workers that ran it; fails if any ran twice. */
    private Map<String, String> ranOnce() throws IOException {
        return new PidLog(project.resolve("ran.txt")).onceEach("");
    }

    private static Map<String, TestResult> byName(RunResult r) {
        List<String> ids = r.results().stream().map(TestResult::nodeId).toList();
        assertThat(ids).doesNotHaveDuplicates();
        return r.results().stream().collect(Collectors.toMap(t -> t.nodeId().replaceFirst(".*::test_", ""), t -> t));
    }

    @Test
    void aWorkerKilledWithResultsOnlyInTheLogLosesNoneAndTheRestRunsOnANewWorker() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_crash.py", tests("a*15", "exit=os._exit(3)", "b*15",
                "segfault=ctypes.string_at(0)", "c*15", "kill=os.kill(os.getpid(), signal.SIGKILL)", "d*10"));
        RunResult r = run(EngineConfig.builder());

        Map<String, TestResult> results = byName(r);
        assertThat(results).hasSize(58);
        assertThat(results.get("exit").outcome()).isEqualTo(Outcome.ERROR);
        assertThat(results.get("exit").message()).startsWith("Crashed:").contains("exited with code 3");
        assertThat(results.get("segfault").message()).startsWith("Crashed:").contains("signal 11");
        assertThat(results.get("kill").message()).startsWith("Crashed:").contains("signal 9");
        assertThat(results.values().stream().filter(t -> t.outcome() == Outcome.PASSED)).hasSize(55);

        Map<String, String> ran = ranOnce();
        assertThat(ran).hasSize(58);
        assertThat(Set.copyOf(List.of(ran.get("a_0"), ran.get("a_14"), ran.get("exit")))).as("one worker until the first crash").hasSize(1);
        assertThat(Set.copyOf(List.of(ran.get("b_0"), ran.get("segfault")))).hasSize(1);
        assertThat(Set.copyOf(ran.values())).as("four workers: the first and one after each crash").hasSize(4);
    }

    @Test
    void aHangWhoseStartIsOnlyInTheLogIsTimedOutByName() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_hang.py", tests("a*10", "hang=time.sleep(60)", "b*5"));
        long t0 = System.nanoTime();
        RunResult r = run(EngineConfig.builder().timeout(Duration.ofSeconds(2)));

        Map<String, TestResult> results = byName(r);
        assertThat(results).hasSize(16);
        assertThat(results.get("hang").outcome()).isEqualTo(Outcome.ERROR);
        assertThat(results.get("hang").message()).contains("Timeout");
        assertThat(results.get("hang").longRepr()).contains("in tests/test_hang.py::test_hang");
        assertThat(results.values().stream().filter(t -> t.outcome() == Outcome.PASSED)).hasSize(15);
        assertThat(ranOnce()).hasSize(16);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the hang is cut short").isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aFailureIsHeardOfBeforeTheFileEnds() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_fail.py", tests("a*3", "fails=assert 1 == 2", "slow=time.sleep(3)"));
        long[] failedAt = {0};
        long[] slowDoneAt = {0};
        EngineConfig config = EngineConfig.builder().invocationDir(project).cacheDir(project.resolve(".dxpy"))
                .workers(1).environment(Map.of("DXPY_BELL_MS", "600000")).build();
        try (DxEngine engine = new DxEngine(config)) {
            engine.run(new RunListener() {
                @Override
                public void testFinished(TestResult result) {
                    if (result.nodeId().endsWith("test_fails")) {
                        failedAt[0] = System.nanoTime();
                    } else if (result.nodeId().endsWith("test_slow")) {
                        slowDoneAt[0] = System.nanoTime();
                    }
                }
            });
        }
        assertThat(failedAt[0]).isPositive();
        assertThat(Duration.ofNanos(slowDoneAt[0] - failedAt[0])).as("the failure's doorbell rang at once")
                .isGreaterThan(Duration.ofSeconds(2));
    }
}

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single tests stolen at the tail: one file holding most of the work still runs on both workers. */
class TailStealingTest {
    @TempDir
    Path project;


    private RunResult run() {
        EngineConfig config = EngineConfig.builder().invocationDir(project).cacheDir(project.resolve(".dxpy"))
                .workers(2).build();
        try (DxEngine engine = new DxEngine(config)) {
            return engine.run(RunListener.NONE);
        }
    }

    /** 20 tests of ~50 ms that log "name pid" to pids.txt; {@code body} is added to test number {@code special}. */
    private void bigFile(int special, String body) throws IOException {
        StringBuilder src = new StringBuilder("import os, time\n\n");
        src.append(new PidLog(project.resolve("pids.txt")).pythonFunction("log"));
        for (int i = 0; i < 20; i++) {
            src.append("def test_big_").append(i).append("():\n    log('").append(i).append("')\n");
            if (i == special) {
                src.append("    ").append(body).append("\n");
            }
            src.append("    time.sleep(0.05)\n\n");
        }
        write(project, "tests/test_big.py", src.toString());
        write(project, "tests/test_tiny.py", "def test_tiny():\n    pass\n");
        write(project, "pytest.ini", "[pytest]\n");
    }

    private Map<String, String> pidByTest() throws IOException {
        return new PidLog(project.resolve("pids.txt")).onceEach("test_big_");
    }

    private static void everyTestReportedOnce(RunResult r) {
        List<String> ids = r.results().stream().map(TestResult::nodeId).toList();
        assertThat(ids).doesNotHaveDuplicates().hasSize(21);
        assertThat(Set.copyOf(ids)).contains("tests/test_tiny.py::test_tiny", "tests/test_big.py::test_big_0",
                "tests/test_big.py::test_big_19");
    }

    @Test
    void anIdleWorkerTakesTheTailOfTheFileAnotherWorkerRuns() throws IOException {
        bigFile(-1, "");
        RunResult r = run();
        everyTestReportedOnce(r);
        assertThat(r.results()).allMatch(t -> t.outcome() == Outcome.PASSED);
        Map<String, String> pids = pidByTest();
        assertThat(pids).hasSize(20);
        assertThat(Set.copyOf(pids.values())).as("workers that ran tests of the big file: " + pids).hasSize(2);
    }

    @Test
    void aCrashWhileTheTailIsStolenCostsOnlyTheCrashingTest() throws IOException {
        bigFile(12, "os._exit(3)");
        RunResult r = run();
        everyTestReportedOnce(r);
        Map<String, Outcome> outcomes = r.results().stream()
                .collect(Collectors.toMap(TestResult::nodeId, TestResult::outcome));
        assertThat(outcomes.get("tests/test_big.py::test_big_12")).isEqualTo(Outcome.ERROR);
        assertThat(outcomes.values().stream().filter(o -> o == Outcome.PASSED)).hasSize(20);
        assertThat(pidByTest()).hasSize(20);
    }
}

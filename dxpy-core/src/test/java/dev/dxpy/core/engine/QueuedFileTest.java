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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A slot sends the next file's RUN_FILE to its worker behind the running file (FileRunner). When that worker
 * dies or is killed before it reaches the queued file, the file runs on the new worker: every test of it is
 * reported once.
 */
class QueuedFileTest {
    @TempDir
    Path project;

    @Timeout(120) // a queued file sent to no live worker would wait for ever
    @ParameterizedTest(name = "{0} in test {1} of the running file")
    @CsvSource({
        "os._exit(3), 0", "os._exit(3), 19",
        "ctypes.string_at(0), 19",
        "time.sleep(60), 0", "time.sleep(60), 19"})
    void theQueuedFileRunsOnTheNewWorkerWhenTheRunningOneDies(String body, int where) throws IOException {
        StringBuilder first = new StringBuilder("import ctypes, os, time\n\n");
        for (int i = 0; i < 20; i++) {
            first.append("def test_a_").append(i).append("():\n");
            first.append("    ").append(i == where ? body : "pass").append("\n\n");
        }
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_first.py", first.toString()); // most tests: dealt first
        StringBuilder queued = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            queued.append("def test_b_").append(i).append("():\n    pass\n\n");
        }
        write(project, "tests/test_queued.py", queued.toString());
        write(project, "tests/test_last.py", "def test_c():\n    pass\n");

        EngineConfig config = EngineConfig.builder().invocationDir(project).cacheDir(project.resolve(".dxpy"))
                .workers(1).timeout(Duration.ofSeconds(2)).build();
        RunResult r;
        try (DxEngine engine = new DxEngine(config)) {
            r = engine.run(RunListener.NONE);
        }

        List<String> ids = r.results().stream().map(TestResult::nodeId).toList();
        assertThat(ids).doesNotHaveDuplicates().hasSize(26);
        Map<String, Outcome> outcomes = r.results().stream()
                .collect(Collectors.toMap(TestResult::nodeId, TestResult::outcome));
        String victim = "tests/test_first.py::test_a_" + where;
        assertThat(outcomes).containsEntry(victim, Outcome.ERROR);
        assertThat(outcomes.entrySet().stream().filter(e -> !e.getKey().equals(victim)))
                .allMatch(e -> e.getValue() == Outcome.PASSED, "every other test passed");
        assertThat(ids).contains("tests/test_queued.py::test_b_0", "tests/test_queued.py::test_b_4",
                "tests/test_last.py::test_c");
    }
}

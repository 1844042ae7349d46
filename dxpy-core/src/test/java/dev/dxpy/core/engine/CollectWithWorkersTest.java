package dev.dxpy.core.engine;

import static dev.dxpy.core.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.api.WorkerCollection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --collect-only} with workers, a conftest's computed {@code collect_ignore} and {@code --import-mode}
 * from addopts, each checked against what the installed pytest does with the same project.
 */
class CollectWithWorkersTest {
    @TempDir
    Path project;


    private DxEngine engine() {
        return new DxEngine(EngineConfig.builder().invocationDir(project).cacheDir(project.resolve(".dxpy"))
                .workers(2).build());
    }

    private List<String> pytest(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "-m", "pytest", "-p", "no:cacheprovider"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        return out.lines().toList();
    }

    private void sample() throws IOException {
        write(project, "pytest.ini", "[pytest]\naddopts = --doctest-modules\n");
        write(project, "conftest.py", """
                import sys
                collect_ignore = ["legacy"]
                collect_ignore_glob = []
                if sys.version_info < (9,):
                    collect_ignore_glob.append("sub/test_old_*.py")
                """);
        write(project, "test_dyn.py", """
                import pytest

                VALUES = list(range(3))

                def helper():
                    '''
                    >>> 1 + 1
                    2
                    '''

                @pytest.mark.parametrize("x", VALUES)
                def test_dyn(x):
                    pass

                @pytest.mark.parametrize("y", [1, 2])
                def test_lit(y):
                    pass
                """);
        write(project, "sub/test_new_a.py", "def test_a():\n    pass\n");
        write(project, "sub/test_old_a.py", "def test_a():\n    assert 0\n");
        write(project, "legacy/test_x.py", "def test_a():\n    assert 0\n");
    }

    @Test
    void collectOnlyListsWhatPytestListsAndSaysWhichFilesAWorkerImported() throws Exception {
        sample();
        List<String> expected = pytest("--collect-only", "-q").stream().filter(l -> l.contains("::")).toList();
        WorkerCollection wc;
        try (DxEngine e = engine()) {
            wc = e.collectWithWorkers(RunListener.NONE);
        }
        List<String> got = wc.collection().tests().stream().map(t -> t.nodeId()).toList();
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected).hasSize(7);
        assertThat(wc.listedByWorker()).containsKey("test_dyn.py");
        assertThat(wc.listedByWorker().get("test_dyn.py")).contains("run-time parametrization", "doctests");
        assertThat(wc.ignored()).containsOnlyKeys("sub/test_old_a.py");
    }

    @Test
    void keywordSelectionAppliesToTheIdsAWorkerExpanded() throws Exception {
        sample();
        List<String> expected = pytest("--collect-only", "-q", "-k", "dyn and 1").stream()
                .filter(l -> l.contains("::")).toList();
        WorkerCollection wc;
        try (DxEngine e = new DxEngine(EngineConfig.builder().invocationDir(project).cacheDir(project.resolve(".dxpy"))
                .keyword("dyn and 1").workers(1).build())) {
            wc = e.collectWithWorkers(RunListener.NONE);
        }
        assertThat(wc.collection().tests()).extracting(t -> t.nodeId()).containsExactlyInAnyOrderElementsOf(expected)
                .containsExactlyInAnyOrder("test_dyn.py::test_dyn[1]", "test_dyn.py::test_lit[1]");
        RunResult r;
        try (DxEngine e = new DxEngine(EngineConfig.builder().invocationDir(project).cacheDir(project.resolve(".dxpy"))
                .keyword("dyn and 1").workers(1).build())) {
            r = e.run(RunListener.NONE);
        }
        assertThat(r.results()).extracting(TestResult::nodeId).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aFileIgnoredByAComputedCollectIgnoreIsNotReportedAtAll() throws Exception {
        sample();
        RunResult r;
        try (DxEngine e = engine()) {
            r = e.run(RunListener.NONE);
        }
        Map<String, Outcome> outcomes = r.results().stream()
                .collect(Collectors.toMap(TestResult::nodeId, TestResult::outcome));
        assertThat(outcomes.keySet()).doesNotContain("sub/test_old_a.py::test_a", "legacy/test_x.py::test_a");
        assertThat(outcomes).hasSize(7).allSatisfy((id, o) -> assertThat(o).isEqualTo(Outcome.PASSED));
        assertThat(r.errors()).isEmpty();
        assertThat(pytest("-q").get(pytest("-q").size() - 1)).startsWith("7 passed");
    }

    @Test
    void importlibModeFromAddoptsLetsSameNamedTestFilesRunAsUnderPytest() throws Exception {
        write(project, "pytest.ini", "[pytest]\naddopts = --import-mode=importlib\n");
        String body = "import os, sys\n\ndef test_path():\n    assert os.path.dirname(__file__) not in sys.path\n";
        write(project, "a/test_same.py", body);
        write(project, "b/test_same.py", body);
        List<String> py = pytest("-q");
        assertThat(py.get(py.size() - 1)).startsWith("2 passed");
        RunResult r;
        try (DxEngine e = engine()) {
            r = e.run(RunListener.NONE);
        }
        assertThat(r.errors()).isEmpty();
        assertThat(r.results()).extracting(TestResult::outcome).containsExactly(Outcome.PASSED, Outcome.PASSED);
    }
}

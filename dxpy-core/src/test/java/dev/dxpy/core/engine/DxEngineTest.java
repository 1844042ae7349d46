package dev.dxpy.core.engine;

import static dev.dxpy.core.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.InterpreterNotFoundException;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine end to end on real Python workers. */
class DxEngineTest {
    @TempDir
    Path project;


    private RunResult run(EngineConfig.Builder b, RunListener listener) {
        try (DxEngine engine = new DxEngine(b.invocationDir(project).cacheDir(project.resolve(".dxpy")).build())) {
            return engine.run(listener);
        }
    }

    private static Map<String, Outcome> outcomes(RunResult r) {
        return r.results().stream().collect(Collectors.toMap(TestResult::nodeId, TestResult::outcome));
    }

    @Test
    void theResultSaysWhichPythonRanTheTestsAndOnHowManyWorkers() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_a.py", "def test_ok():\n    pass\n");
        RunResult r = run(EngineConfig.builder().workers(3), RunListener.NONE);
        assertThat(r.environment()).containsEntry("python.version", pythonVersion())
                .containsEntry("python.implementation", "cpython")
                .containsEntry("dxpy.workers", "1").containsKey("dxpy.treesitter");
    }

    private static String pythonVersion() throws IOException {
        Process p = new ProcessBuilder("python3", "-c", "import platform; print(platform.python_version())").start();
        return new String(p.getInputStream().readAllBytes()).strip();
    }

    @Test
    void aCacheDirectoryThatCannotBeOneOnlyWarnsInCollectionAndStopsARunNamingIt() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_a.py", "def test_ok():\n    pass\n");
        write(project, ".dxpy", "a file where dx-py keeps its cache\n");
        List<String> warnings = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };
        try (DxEngine engine = new DxEngine(EngineConfig.builder().invocationDir(project).build())) {
            assertThat(engine.collect(listener).tests()).hasSize(1);
        }
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("cannot write the dxpy index")
                .contains(project.resolve(".dxpy").toString()));
        assertThatThrownBy(() -> {
            try (DxEngine engine = new DxEngine(EngineConfig.builder().invocationDir(project).build())) {
                engine.run(RunListener.NONE);
            }
        }).isInstanceOf(dev.dxpy.core.api.DxpyException.class)
                .hasMessageStartingWith("cannot use the cache directory " + project.resolve(".dxpy"));
        assertThat(Files.readString(project.resolve(".dxpy"))).isEqualTo("a file where dx-py keeps its cache\n");
    }

    @Test
    void markAndKeywordExpressionsInAddoptsSelectAsInPytestAndTheCommandLineOverridesThem() throws Exception {
        write(project, "pyproject.toml", """
                [tool.pytest.ini_options]
                markers = ["stress: long"]
                addopts = "-p no:cacheprovider -m 'not stress' -kfast"
                """);
        write(project, "tests/test_a.py", """
                import pytest

                def test_fast_one():
                    pass

                def test_slow_one():
                    pass

                @pytest.mark.stress
                @pytest.mark.parametrize("i", [0, 1, 2])
                def test_fast_stress(i):
                    pass
                """);
        assertThat(collected(EngineConfig.builder())).containsExactly("tests/test_a.py::test_fast_one");
        assertThat(collected(EngineConfig.builder().markers("stress"))).containsExactly(
                "tests/test_a.py::test_fast_stress[0]", "tests/test_a.py::test_fast_stress[1]",
                "tests/test_a.py::test_fast_stress[2]");
        assertThat(collected(EngineConfig.builder().keyword("slow"))).containsExactly("tests/test_a.py::test_slow_one");
        RunResult r = run(EngineConfig.builder().workers(1), RunListener.NONE);
        assertThat(outcomes(r)).containsExactlyEntriesOf(Map.of("tests/test_a.py::test_fast_one", Outcome.PASSED));
    }

    private List<String> collected(EngineConfig.Builder b) {
        try (DxEngine engine = new DxEngine(b.invocationDir(project).build())) {
            return engine.collect(RunListener.NONE).tests().stream().map(t -> t.id().nodeId()).toList();
        }
    }

    @Test
    void runsPassingFailingSkippedAndXfailedTests() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_a.py", """
                import pytest

                def test_ok():
                    assert 1 + 1 == 2

                def test_bad():
                    x = 847
                    assert x == 848

                @pytest.mark.skip(reason="later")
                def test_skip():
                    pass

                @pytest.mark.xfail(reason="known")
                def test_xf():
                    assert False

                @pytest.mark.parametrize("n", [1, 2])
                def test_p(n):
                    assert n > 0
                """);
        List<TestResult> seen = new ArrayList<>();
        RunResult r = run(EngineConfig.builder().workers(1), new RunListener() {
            @Override
            public void testFinished(TestResult result) {
                seen.add(result);
            }
        });
        assertThat(outcomes(r)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "tests/test_a.py::test_ok", Outcome.PASSED,
                "tests/test_a.py::test_bad", Outcome.FAILED,
                "tests/test_a.py::test_skip", Outcome.SKIPPED,
                "tests/test_a.py::test_xf", Outcome.XFAILED,
                "tests/test_a.py::test_p[1]", Outcome.PASSED,
                "tests/test_a.py::test_p[2]", Outcome.PASSED));
        assertThat(seen).hasSize(6);
        TestResult bad = r.results().stream().filter(t -> t.nodeId().endsWith("test_bad")).findFirst().orElseThrow();
        assertThat(bad.message()).contains("847").contains("848");
        assertThat(r.exitCode()).isEqualTo(RunResult.EXIT_TESTS_FAILED);
        assertThat(r.results()).extracting(TestResult::nodeId).first().isEqualTo("tests/test_a.py::test_ok");
    }

    @Test
    void crashingAndHangingTestsCostOnlyThemselves() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        StringBuilder src = new StringBuilder("import ctypes, os, time\n\n");
        for (int i = 0; i < 17; i++) {
            src.append("def test_before_").append(i).append("():\n    assert True\n\n");
        }
        src.append("def test_exit():\n    os._exit(3)\n\n");
        for (int i = 0; i < 17; i++) {
            src.append("def test_middle_").append(i).append("():\n    assert True\n\n");
        }
        src.append("def test_segfault():\n    ctypes.string_at(0)\n\n");
        src.append("def test_hang():\n    time.sleep(60)\n\n");
        for (int i = 0; i < 16; i++) {
            src.append("def test_after_").append(i).append("():\n    assert True\n\n");
        }
        write(project, "tests/test_crash.py", src.toString());
        RunResult r = run(EngineConfig.builder().workers(1).timeout(Duration.ofSeconds(2)), RunListener.NONE);
        Map<String, Outcome> o = outcomes(r);
        assertThat(r.results()).hasSize(53);
        assertThat(r.results()).extracting(TestResult::nodeId).doesNotHaveDuplicates();
        assertThat(o).containsEntry("tests/test_crash.py::test_exit", Outcome.ERROR)
                .containsEntry("tests/test_crash.py::test_segfault", Outcome.ERROR)
                .containsEntry("tests/test_crash.py::test_hang", Outcome.ERROR);
        assertThat(o.values().stream().filter(v -> v == Outcome.PASSED)).hasSize(50);
        assertThat(r.results().stream().filter(t -> t.nodeId().endsWith("test_segfault")).findFirst().orElseThrow().message())
                .contains("signal 11");
        assertThat(r.results().stream().filter(t -> t.nodeId().endsWith("test_hang")).findFirst().orElseThrow().message())
                .contains("Timeout");
    }

    @Test
    void aCrashIsPinnedOnTheTestThatRanWhetherTheRunningSlotOrAFrameAnnouncedIt() throws IOException {
        // tests are announced in the frame log's running slot; an id longer than the slot by a TEST_STARTED frame
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_long.py", "import os\nimport pytest\n\n"
                + "def test_first():\n    pass\n\n"
                + "@pytest.mark.parametrize('s', ['x' * 70000])\ndef test_long(s):\n    os._exit(3)\n\n"
                + "def test_short():\n    pass\n\n"
                + "def test_dies():\n    os._exit(4)\n\n"
                + "def test_last():\n    pass\n");
        RunResult r = run(EngineConfig.builder().workers(1), RunListener.NONE);
        Map<String, Outcome> o = outcomes(r);
        assertThat(r.results()).extracting(TestResult::nodeId).doesNotHaveDuplicates();
        assertThat(o).hasSize(5).containsEntry("tests/test_long.py::test_first", Outcome.PASSED)
                .containsEntry("tests/test_long.py::test_long[" + "x".repeat(70000) + "]", Outcome.ERROR)
                .containsEntry("tests/test_long.py::test_short", Outcome.PASSED)
                .containsEntry("tests/test_long.py::test_dies", Outcome.ERROR)
                .containsEntry("tests/test_long.py::test_last", Outcome.PASSED);
        assertThat(r.results().stream().filter(t -> t.outcome() == Outcome.ERROR).map(TestResult::message))
                .containsExactlyInAnyOrder("Crashed: worker exited with code 3 while running this test",
                        "Crashed: worker exited with code 4 while running this test");
    }

    @Test
    void aBrokenFileIsACollectionErrorAndTheOthersStillRun() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_broken.py", "def test_x(:\n    pass\n");
        write(project, "tests/test_importfail.py", "import no_such_module_xyz\n\ndef test_y():\n    pass\n");
        write(project, "tests/test_good.py", "def test_fine():\n    assert True\n");
        RunResult r = run(EngineConfig.builder().workers(2), RunListener.NONE);
        assertThat(outcomes(r)).containsExactly(Map.entry("tests/test_good.py::test_fine", Outcome.PASSED));
        assertThat(r.errors()).extracting(CollectionError::file)
                .containsExactlyInAnyOrder("tests/test_broken.py", "tests/test_importfail.py");
        assertThat(r.errors()).filteredOn(e -> e.file().equals("tests/test_broken.py")).first()
                .satisfies(e -> assertThat(e.line()).isEqualTo(1));
        assertThat(r.errors()).filteredOn(e -> e.file().equals("tests/test_importfail.py")).first()
                .satisfies(e -> assertThat(e.message()).contains("no_such_module_xyz"));
        assertThat(r.exitCode()).isEqualTo(RunResult.EXIT_TESTS_FAILED);
    }

    @Test
    void keywordSelectsTests() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_k.py", "def test_alpha():\n    pass\n\ndef test_beta():\n    pass\n");
        RunResult r = run(EngineConfig.builder().keyword("alpha or gamma"), RunListener.NONE);
        assertThat(outcomes(r)).containsOnlyKeys("tests/test_k.py::test_alpha");
    }

    @Test
    void noTestsIsExitCodeFive() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_none.py", "x = 1\n");
        assertThat(run(EngineConfig.builder(), RunListener.NONE).exitCode()).isEqualTo(RunResult.EXIT_NO_TESTS);
    }

    @Test
    void aMissingInterpreterIsAClearError() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_a.py", "def test_a():\n    pass\n");
        assertThatThrownBy(() -> run(EngineConfig.builder().python("/nonexistent/python3"), RunListener.NONE))
                .isInstanceOf(InterpreterNotFoundException.class)
                .hasMessageContaining("/nonexistent/python3").hasMessageContaining("--python");
    }

    @Test
    void theWorkerStoresACachedFixtureUnderTheKeyTheEngineComputed() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/conftest.py", """
                import dx_py_test_runner as dx

                @dx.fixture(scope="session", cache=True)
                def numbers():
                    return list(range(10))
                """);
        write(project, "tests/test_a.py", "def test_sum(numbers):\n    assert sum(numbers) == 45\n");
        RunResult r = run(EngineConfig.builder(), RunListener.NONE);
        assertThat(outcomes(r)).as(r.toString()).containsEntry("tests/test_a.py::test_sum", Outcome.PASSED);
        String key = dev.dxpy.core.fixture.FixtureKeys.compute(project.toRealPath(), List.of(), List.of("tests/test_a.py"))
                .forPython(pythonVersion()).get(0).key();
        try (var files = Files.list(project.resolve(".dxpy/fixtures"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".dxfc")))
                    .containsExactly("numbers-" + key.substring(0, 32) + ".dxfc");
        }
    }
}

package dev.dxpy.core.engine;

import static dev.dxpy.core.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker pool on real Python workers: preloading, session fixtures, durations. */
class WorkerPoolTest {
    @TempDir
    Path project;
    @TempDir
    Path site;


    private RunResult run(EngineConfig.Builder b) {
        try (DxEngine engine = new DxEngine(b.invocationDir(project).cacheDir(project.resolve(".dxpy"))
                .environment(Map.of("PYTHONPATH", site.toString())).build())) {
            return engine.run(RunListener.NONE);
        }
    }

    private static Map<String, TestResult> byId(RunResult r) {
        return r.results().stream().collect(Collectors.toMap(TestResult::nodeId, t -> t));
    }

    @Test
    void thirdPartyImportsAndConfiguredModulesAreImportedBeforeTheFirstTest() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(site, "heavy_dep.py", "VALUE = 42\n");
        write(site, "extra_dep.py", "VALUE = 7\n");
        write(project, "tests/local_helper.py", "raise AssertionError('project code must not be preloaded')\n");
        write(project, "tests/test_pre.py", """
                import sys
                PRELOADED = sorted(m for m in ("heavy_dep", "extra_dep", "local_helper") if m in sys.modules)
                import heavy_dep

                def test_preloaded():
                    assert PRELOADED == ["extra_dep", "heavy_dep"]

                def test_helper_not_imported_early():
                    import local_helper  # noqa: raises if it runs
                """);
        RunResult r = run(EngineConfig.builder().workers(1).preload(List.of("extra_dep")));
        Map<String, TestResult> t = byId(r);
        assertThat(t.get("tests/test_pre.py::test_preloaded").outcome())
                .as(t.get("tests/test_pre.py::test_preloaded").longRepr()).isEqualTo(Outcome.PASSED);
        assertThat(t.get("tests/test_pre.py::test_helper_not_imported_early").outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void longTracebacksAndOutputArriveWholeThroughSharedMemoryAndNoRingFileIsLeft() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_big.py", """
                def test_big():
                    print("line of output\\n" * 500)
                    assert "a" * 5000 == "b"

                def test_small():
                    pass
                """);
        RunResult r = run(EngineConfig.builder().workers(1));
        TestResult big = byId(r).get("tests/test_big.py::test_big");
        assertThat(big.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(big.stdout()).contains("line of output\n".repeat(500));
        assertThat(big.longRepr()).contains("aaaaaaaaaa");
        assertThat(byId(r).get("tests/test_big.py::test_small").outcome()).isEqualTo(Outcome.PASSED);
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm)) {
            try (var files = Files.list(shm)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.startsWith("dxpy-" + ProcessHandle.current().pid() + "-"));
            }
        }
    }

    @Test
    void sessionFixturesRunOncePerWorkerAndAreTornDownAtTheEnd() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        Path marks = project.resolve("marks");
        Files.createDirectories(marks);
        write(project, "tests/conftest.py", """
                import os, pytest

                MARKS = %s

                @pytest.fixture(scope="session")
                def resource():
                    open(os.path.join(MARKS, "setup-%%d" %% os.getpid()), "w").close()
                    yield os.getpid()
                    open(os.path.join(MARKS, "teardown-%%d" %% os.getpid()), "w").close()
                """.formatted("'" + marks + "'"));
        for (int f = 0; f < 6; f++) {
            write(project, "tests/test_s" + f + ".py", """
                    import os

                    def test_one(resource):
                        assert resource == os.getpid()
                        open(os.path.join(%s, "test-%%d-%d" %% os.getpid()), "w").close()
                    """.formatted("'" + marks + "'", f));
        }
        for (int workers : new int[] {1, 2}) {
            try (var old = Files.list(marks)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            RunResult r = run(EngineConfig.builder().workers(workers));
            assertThat(r.results()).hasSize(6).allMatch(t -> t.outcome() == Outcome.PASSED);
            List<String> names;
            try (var s = Files.list(marks)) {
                names = s.map(p -> p.getFileName().toString()).toList();
            }
            java.util.Set<String> testPids = names.stream().filter(n -> n.startsWith("test-"))
                    .map(n -> n.split("-")[1]).collect(Collectors.toSet());
            assertThat(names.stream().filter(n -> n.startsWith("setup-")).map(n -> n.substring(6)))
                    .as("one setup per worker that ran tests, with %d workers", workers)
                    .containsExactlyInAnyOrderElementsOf(testPids);
            assertThat(names.stream().filter(n -> n.startsWith("teardown-")).map(n -> n.substring(9)))
                    .containsExactlyInAnyOrderElementsOf(testPids);
            assertThat(testPids.size()).isBetween(1, workers);
        }
    }
}

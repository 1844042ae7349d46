package dev.dxpy.core.engine;

import static dev.dxpy.core.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dxpy.core.api.AffectedSelection;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.api.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --affected-by, --changed and last failures through the engine, on real workers. */
class ChangeSelectionTest {
    @TempDir
    Path project;
    final List<AffectedSelection> selections = new ArrayList<>();
    final RunListener listener = new RunListener() {
        @Override
        public void affectedSelected(AffectedSelection s) {
            selections.add(s);
        }
    };


    private EngineConfig.Builder config() {
        return EngineConfig.builder().invocationDir(project).workers(1);
    }

    private List<String> ran(EngineConfig.Builder b) {
        try (DxEngine engine = new DxEngine(b.build())) {
            RunResult r = engine.run(listener);
            return r.results().stream().map(TestResult::nodeId).sorted().toList();
        }
    }

    private void setUp() throws IOException {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "pkg/__init__.py", "");
        write(project, "pkg/a.py", "def f():\n    return 1\n");
        write(project, "pkg/b.py", "def g():\n    return 2\n");
        write(project, "tests/test_a.py", "from pkg.a import f\n\ndef test_a():\n    assert f() == 1\n");
        write(project, "tests/test_b.py", "def test_b():\n    from pkg import b\n    assert b.g() == 2\n");
    }

    @Test
    void affectedByRunsOnlyTheImporters() throws IOException {
        setUp();
        assertThat(ran(config().affectedBy(List.of(Path.of("pkg/b.py"))))).containsExactly("tests/test_b.py::test_b");
        assertThat(selections).singleElement().satisfies(s -> {
            assertThat(s.changedFiles()).containsExactly("pkg/b.py");
            assertThat(s.testFiles()).containsExactly("tests/test_b.py");
        });
        assertThat(ran(config().affectedBy(List.of(Path.of("pkg/__init__.py")))))
                .containsExactly("tests/test_a.py::test_a", "tests/test_b.py::test_b");
        assertThat(ran(config().affectedBy(List.of(Path.of("README.md"))))).isEmpty();
    }

    @Test
    void changedComparesWithTheLastRunAndFailuresAlwaysRerun() throws IOException {
        setUp();
        assertThat(ran(config().changed(true))).hasSize(2); // no snapshot yet: everything
        assertThat(ran(config().changed(true))).isEmpty();
        write(project, "pkg/a.py", "def f():\n    return 3\n");
        assertThat(ran(config().changed(true))).containsExactly("tests/test_a.py::test_a"); // fails now
        assertThat(ran(config().changed(true))).containsExactly("tests/test_a.py::test_a"); // failed last time
        try (DxEngine engine = new DxEngine(config().build())) {
            assertThat(engine.runLastFailed(listener).results()).extracting(TestResult::nodeId)
                    .containsExactly("tests/test_a.py::test_a");
            assertThat(engine.runAffected(Set.of(project.resolve("pkg/b.py")), listener).results())
                    .extracting(TestResult::nodeId).containsExactlyInAnyOrder("tests/test_a.py::test_a", "tests/test_b.py::test_b");
        }
        write(project, "pkg/a.py", "def f():\n    return 1\n");
        assertThat(ran(config().changed(true))).containsExactly("tests/test_a.py::test_a");
        assertThat(ran(config().changed(true))).isEmpty();
    }

    @Test
    void obsoleteSnapshotsAreLeftAloneAfterARunSelectedByChange() throws IOException {
        setUp();
        write(project, "tests/__snapshots__/test_a.py/test_a.snap", "1\n"); // no test uses it
        List<String> warnings = new ArrayList<>();
        RunListener warn = new RunListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };
        java.util.Map<String, String> update = java.util.Map.of(dev.dxpy.core.snapshot.SnapshotLedger.UPDATE_ENV, "1");
        try (DxEngine engine = new DxEngine(config().environment(update).build())) {
            engine.runAffected(Set.of(project.resolve("pkg/b.py")), warn); // a watch cycle in update mode
        }
        assertThat(warnings).noneMatch(w -> w.contains("obsolete"));
        assertThat(project.resolve("tests/__snapshots__/test_a.py/test_a.snap")).exists();
        try (DxEngine engine = new DxEngine(config().build())) {
            engine.run(warn);
        }
        assertThat(warnings).anyMatch(w -> w.contains("1 obsolete snapshot(s)"));
    }

    @Test
    void pathsAndChangeSelectionDoNotMix() throws IOException {
        setUp();
        assertThatThrownBy(() -> ran(config().args(List.of("tests")).changed(true)))
                .isInstanceOf(UsageException.class).hasMessageContaining("not both");
    }

    @Test
    void lastFailedWithNoRecordedFailureRunsEverythingAndFailedFilesRunFirst() throws IOException {
        setUp();
        List<String> warnings = new ArrayList<>();
        RunListener warn = new RunListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };
        try (DxEngine engine = new DxEngine(config().lastFailed(true).build())) {
            assertThat(engine.run(warn).results()).extracting(TestResult::nodeId)
                    .containsExactlyInAnyOrder("tests/test_a.py::test_a", "tests/test_b.py::test_b");
        }
        assertThat(warnings).anyMatch(w -> w.contains("no previously failed tests"));
        write(project, "tests/test_b.py", "def test_b():\n    assert False\n");
        ran(config());
        List<String> order = new ArrayList<>();
        RunListener started = new RunListener() {
            @Override
            public void testStarted(dev.dxpy.core.api.TestId id) {
                order.add(id.nodeId());
            }
        };
        try (DxEngine engine = new DxEngine(config().build())) {
            engine.run(started);
        }
        assertThat(order).containsExactly("tests/test_b.py::test_b", "tests/test_a.py::test_a");
        assertThat(ran(config().lastFailed(true))).containsExactly("tests/test_b.py::test_b");
    }
}

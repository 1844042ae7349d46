package dev.dxpy.core.engine;

import static dev.dxpy.core.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.worker.WorkerPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watch mode's warm pool on real Python workers: cycles take spares, see current code, never reuse a worker. */
class WarmWorkersTest {
    @TempDir
    Path project;
    @TempDir
    Path site;


    private static Set<Long> pythonChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static void awaitSpares(int n) throws InterruptedException {
        for (int i = 0; i < 600 && WorkerPool.shared().ready() < n; i++) {
            Thread.sleep(50);
        }
        assertThat(WorkerPool.shared().ready()).as("spares ready").isEqualTo(n);
    }

    private long pidOf(RunResult r, String nodeId, String pidFile) throws IOException {
        TestResult t = r.results().stream().filter(x -> x.nodeId().equals(nodeId)).findFirst().orElseThrow();
        assertThat(t.outcome()).as(t.longRepr()).isEqualTo(Outcome.PASSED);
        return Long.parseLong(Files.readString(project.resolve(pidFile)).strip());
    }

    @Test
    void cyclesTakePreloadedSparesThatSeeTheCurrentSourceAndAreNeverReused() throws Exception {
        write(project, "pytest.ini", "[pytest]\n");
        write(site, "dep_a.py", "A = 1\n");
        write(site, "dep_b.py", "B = 2\n");
        write(project, "pkg/__init__.py", "");
        write(project, "pkg/value.py", "VALUE = 1\n");
        write(project, "tests/test_a.py", """
                import os, sys, dep_a
                from pkg.value import VALUE

                def test_a():
                    open(os.path.join(os.path.dirname(__file__), "..", "pid_a"), "w").write(str(os.getpid()))
                    assert "dep_b" in sys.modules  # preloaded for the whole suite, not just this file
                    assert VALUE == int(open(os.path.join(os.path.dirname(__file__), "..", "expected")).read())
                """);
        write(project, "tests/test_b.py", """
                import os, dep_b

                def test_b():
                    open(os.path.join(os.path.dirname(__file__), "..", "pid_b"), "w").write(str(os.getpid()))
                """);
        write(project, "expected", "1");
        WorkerPool.shared().closeAll(); // no spares or pool state left by other tests in this JVM
        Set<Long> before = pythonChildren();
        EngineConfig config = EngineConfig.builder().invocationDir(project).workers(1)
                .environment(Map.of("PYTHONPATH", site.toString())).build();
        try (DxEngine engine = new DxEngine(config)) {
            engine.keepWorkersWarm();
            awaitSpares(1);
            Set<Long> spares = pythonChildren();
            spares.removeAll(before);

            write(project, "pkg/value.py", "VALUE = 2\n");
            write(project, "expected", "2");
            RunResult first = engine.runAffected(Set.of(project.resolve("pkg/value.py")), RunListener.NONE);
            assertThat(first.results()).extracting(TestResult::nodeId).containsExactly("tests/test_a.py::test_a");
            long firstPid = pidOf(first, "tests/test_a.py::test_a", "pid_a");
            assertThat(spares).as("the cycle ran on a spare started before it").contains(firstPid);

            awaitSpares(1);
            Set<Long> refilled = pythonChildren();
            RunResult second = engine.runAffected(Set.of(project.resolve("tests/test_b.py")), RunListener.NONE);
            long secondPid = pidOf(second, "tests/test_b.py::test_b", "pid_b");
            assertThat(secondPid).as("a worker that ran tests is not reused").isNotEqualTo(firstPid);
            assertThat(refilled).contains(secondPid);
            awaitSpares(1);
        }
        assertThat(WorkerPool.shared().ready()).isZero();
        Thread.sleep(200);
        Set<Long> after = pythonChildren();
        after.removeAll(before);
        assertThat(after).as("no worker outlives the engine").isEmpty();
    }

    @Test
    void aDeferredRefillStartsNoSpareUntilTold() throws Exception {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_a.py", "def test_a():\n    pass\n");
        WorkerPool.shared().closeAll();
        EngineConfig config = EngineConfig.builder().invocationDir(project).workers(1).build();
        try (DxEngine engine = new DxEngine(config)) {
            engine.keepWorkersWarm();
            awaitSpares(1);
            WorkerPool.shared().deferRefills(); // as the daemon: spares wait until its client has the exit code
            Set<Long> before = pythonChildren();
            RunResult r = engine.run(RunListener.NONE);
            assertThat(r.results()).extracting(TestResult::outcome).containsExactly(Outcome.PASSED);
            Thread.sleep(500);
            Set<Long> started = pythonChildren();
            started.removeAll(before);
            assertThat(started).as("no worker started after the run").isEmpty();
            assertThat(WorkerPool.shared().ready()).isZero();
            WorkerPool.shared().startDeferredRefill();
            awaitSpares(1);
        }
        assertThat(WorkerPool.shared().ready()).isZero();
    }

    @Test
    void sparesForTwoRunsAreKeptAndRefilledAfterACycle() throws Exception {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "pkg/__init__.py", "");
        write(project, "pkg/value.py", "VALUE = 1\n");
        write(project, "tests/test_a.py", "from pkg.value import VALUE\n\ndef test_a():\n    assert VALUE == 1\n");
        WorkerPool.shared().closeAll();
        EngineConfig config = EngineConfig.builder().invocationDir(project).workers(1).build();
        try (DxEngine engine = new DxEngine(config)) {
            engine.keepWorkersWarm(2); // a watch that may cancel a run keeps a second set
            awaitSpares(2);
            RunResult r = engine.runAffected(Set.of(project.resolve("pkg/value.py")), RunListener.NONE);
            assertThat(r.results()).extracting(TestResult::outcome).containsExactly(Outcome.PASSED);
            assertThat(WorkerPool.shared().ready()).as("one spare left right after the cycle").isGreaterThanOrEqualTo(1);
            awaitSpares(2);
        }
        assertThat(WorkerPool.shared().ready()).isZero();
    }

    @Test
    void aSpareStillStartingWhenThePoolClosesIsKilledNotLeftToFinishItsStart() throws Exception {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "tests/test_a.py", "def test_a():\n    pass\n");
        // an interpreter whose start takes 30 s: the spare is still starting when the pool closes
        Path slow = write(project, "slow-python", "#!/bin/sh\nsleep 30\nexec python3 \"$@\"\n");
        slow.toFile().setExecutable(true);
        WorkerPool.shared().closeAll();
        Set<Long> before = pythonChildren();
        EngineConfig config = EngineConfig.builder().invocationDir(project).workers(1).python(slow.toString()).build();
        long closing;
        Set<Long> starting;
        try (DxEngine engine = new DxEngine(config)) {
            engine.keepWorkersWarm(); // launches the spare and returns: its start goes on in the background
            starting = pythonChildren();
            for (int i = 0; i < 100 && starting.size() <= before.size(); i++) {
                Thread.sleep(50);
                starting = pythonChildren();
            }
            starting.removeAll(before);
            assertThat(starting).as("the spare's process started").hasSize(1);
            assertThat(WorkerPool.shared().ready()).as("not ready: its interpreter sleeps").isZero();
            closing = System.nanoTime();
        } // the engine kept the spares: closing it closes the pool
        Set<Long> after = pythonChildren();
        after.retainAll(starting);
        assertThat(after).as("the starting spare is gone once the engine is closed").isEmpty();
        assertThat((System.nanoTime() - closing) / 1_000_000).as("the close did not wait for the start (ms)")
                .isLessThan(20_000);
    }
}

package dev.dxpy.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.Dxpy;
import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** A watch session on a real temporary directory with real Python workers: edit, delete, add; bursts; cancelled runs. */
class WatchEndToEndTest {
    @TempDir
    Path root;
    final BlockingQueue<Object> cycles = new LinkedBlockingQueue<>();
    final AtomicInteger started = new AtomicInteger();
    Engine engine;
    Watch watch;
    Thread loop;

    private void write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (watch != null) {
            watch.command(Trigger.Kind.QUIT);
            loop.join(10_000);
            assertThat(loop.isAlive()).isFalse();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private RunResult nextCycle() throws InterruptedException {
        Object o = cycles.poll(60, TimeUnit.SECONDS);
        assertThat(o).as("a cycle within 60 s").isNotNull();
        if (o instanceof RuntimeException e) {
            throw e;
        }
        return (RunResult) o;
    }

    private static Map<String, Outcome> outcomes(RunResult r) {
        return r.results().stream().collect(Collectors.toMap(TestResult::nodeId, TestResult::outcome));
    }

    private void project() throws IOException {
        write("pytest.ini", "[pytest]\n");
        write("pkg/__init__.py", "");
        write("pkg/a.py", "def f():\n    return 1\n");
        write("pkg/b.py", "def g():\n    return 2\n");
        write("tests/test_a.py", "from pkg.a import f\n\ndef test_a():\n    assert f() == 1\n");
        write("tests/test_b.py", "from pkg import b\n\ndef test_b():\n    assert b.g() == 2\n");
        write("tests/test_other.py", "def test_other():\n    pass\n");
    }

    private void startWatch(Duration debounce, boolean speculate) throws InterruptedException {
        engine = Dxpy.engine(EngineConfig.builder().invocationDir(root).workers(1).build());
        watch = new Watch(engine, debounce, speculate, RunListener.NONE, new WatchListener() {
            @Override
            public void cycleStarted(Trigger t) {
                started.incrementAndGet();
            }

            @Override
            public void cycleFinished(Trigger t, RunResult r) {
                cycles.add(r);
            }

            @Override
            public void cycleFailed(Trigger t, RuntimeException e) {
                cycles.add(e);
            }
        });
        watch.start();
        loop = new Thread(watch::loop, "watch-loop");
        loop.start();
        Thread.sleep(300);
    }

    @ParameterizedTest(name = "speculate={0}")
    @ValueSource(booleans = {true, false})
    void editDeleteAndAddRunExactlyTheAffectedTests(boolean speculate) throws Exception {
        project();
        startWatch(Duration.ofMillis(100), speculate);

        write("pkg/a.py", "def f():\n    return 1 + 41\n");
        RunResult edited = nextCycle();
        assertThat(outcomes(edited)).containsOnlyKeys("tests/test_a.py::test_a");
        assertThat(edited.results().get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(edited.results().get(0).longRepr()).contains("42"); // the new code ran

        write("pkg/a.py", "def f():\n    return 1\n");
        assertThat(outcomes(nextCycle())).containsExactly(Map.entry("tests/test_a.py::test_a", Outcome.PASSED));

        Files.delete(root.resolve("pkg/b.py"));
        RunResult deleted = nextCycle();
        assertThat(deleted.results()).noneMatch(r -> r.outcome() == Outcome.PASSED);
        assertThat(deleted.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("tests/test_b.py");
            assertThat(e.message()).contains("ImportError").contains("pkg");
        });

        write("tests/test_new.py", "from pkg.a import f\n\ndef test_new():\n    assert f() == 1\n");
        RunResult added = nextCycle();
        assertThat(outcomes(added)).containsEntry("tests/test_new.py::test_new", Outcome.PASSED)
                .doesNotContainKeys("tests/test_a.py::test_a", "tests/test_other.py::test_other");
        assertThat(added.errors()).extracting(e -> e.file()).containsExactly("tests/test_b.py"); // failed last time: rerun
        assertThat(started).hasValue(4); // one shown cycle per change
    }

    @Test
    void aBurstOfTwoWritesIsOneCycleThatSawTheSecond() throws Exception {
        project();
        startWatch(Duration.ofMillis(100), true);

        write("pkg/a.py", "def f():\n    return 41\n"); // starts a speculative run...
        Thread.sleep(50);
        write("pkg/a.py", "def f():\n    return 42\n"); // ...which this cancels: the burst runs once, after the debounce
        RunResult r = nextCycle();
        assertThat(outcomes(r)).containsExactly(Map.entry("tests/test_a.py::test_a", Outcome.FAILED));
        assertThat(r.results().get(0).longRepr()).contains("42").doesNotContain("41");
        assertThat(cycles.poll(1, TimeUnit.SECONDS)).as("no second cycle for the burst").isNull();
        assertThat(started).hasValue(1);
    }

    @Test
    void aCancelledSpeculativeRunLeavesNoWorkerBehind() throws Exception {
        project();
        Path pids = Files.createTempDirectory("dxpy-watch-pids");
        try {
            // a long debounce: the speculative run is well into its test when the second write cancels it
            startWatch(Duration.ofSeconds(4), true);
            Path pid = pids.resolve("pid");
            // moved in whole: one event (a write in place may give two, and the second would cancel the run at once)
            Path edit = root.resolve(".dxpy/a.py.edit");
            Files.createDirectories(edit.getParent());
            Files.writeString(edit, "import os, time\nwith open(" + pyString(pid) + ", 'w') as fh:\n"
                    + "    fh.write(str(os.getpid()))\ntime.sleep(600)\n\ndef f():\n    return 1\n");
            long t0 = System.nanoTime();
            Files.move(edit, root.resolve("pkg/a.py"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            while (!(Files.exists(pid) && Files.size(pid) > 0) && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4)) {
                Thread.sleep(20);
            }
            assertThat(pid).as("the speculative run imported the edited module within the debounce window").exists();
            long worker = Long.parseLong(Files.readString(pid).trim());
            write("pkg/a.py", "def f():\n    return 1\n");

            RunResult r = nextCycle(); // within 60 s: the sleeping run was cancelled, not waited for
            assertThat(outcomes(r)).containsExactly(Map.entry("tests/test_a.py::test_a", Outcome.PASSED));
            assertThat(started).hasValue(1); // the cancelled run was never shown
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false))
                    .as("the cancelled run's worker %d is gone", worker).isFalse();
        } finally {
            Files.walk(pids).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String pyString(Path p) {
        return "r'" + p.toAbsolutePath() + "'";
    }
}

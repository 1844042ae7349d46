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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watch session on a real temporary directory with real Python workers: edit, delete, add. */
class WatchEndToEndTest {
    @TempDir
    Path root;
    final BlockingQueue<Object> cycles = new LinkedBlockingQueue<>();
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

    @Test
    void editDeleteAndAddRunExactlyTheAffectedTests() throws Exception {
        write("pytest.ini", "[pytest]\n");
        write("pkg/__init__.py", "");
        write("pkg/a.py", "def f():\n    return 1\n");
        write("pkg/b.py", "def g():\n    return 2\n");
        write("tests/test_a.py", "from pkg.a import f\n\ndef test_a():\n    assert f() == 1\n");
        write("tests/test_b.py", "from pkg import b\n\ndef test_b():\n    assert b.g() == 2\n");
        write("tests/test_other.py", "def test_other():\n    pass\n");
        engine = Dxpy.engine(EngineConfig.builder().invocationDir(root).workers(1).build());
        watch = new Watch(engine, Duration.ofMillis(100), RunListener.NONE, new WatchListener() {
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
    }
}

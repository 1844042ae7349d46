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
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's spares collect the last run's files ahead: the next run of the same files runs what they
 * collected, and any change to what that collection read (a data file read at import, a conftest added), or
 * a run of other files, gets a fresh worker instead.
 */
class CollectAheadTest {
    @TempDir
    Path project;
    /** Where the tests log (outside the project: a file created in a directory the spares stamped makes them stale). */
    @TempDir
    Path logs;


    private List<String> log() throws IOException {
        Path log = logs.resolve("log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Waits until the log has {@code n} lines starting with {@code prefix}; returns the pid of the n-th. */
    private String await(String prefix, int n) throws Exception {
        for (int i = 0; i < 600 && count(prefix) < n; i++) {
            Thread.sleep(50);
        }
        List<String> hits = log().stream().filter(l -> l.startsWith(prefix)).toList();
        assertThat(hits).hasSizeGreaterThanOrEqualTo(n);
        return hits.get(n - 1).substring(prefix.length());
    }

    private long count(String prefix) throws IOException {
        return log().stream().filter(l -> l.startsWith(prefix)).count();
    }

    /** The pid of the last test that ran. */
    private String lastRan() throws IOException {
        List<String> ran = log().stream().filter(l -> l.startsWith("ran ")).toList();
        return ran.get(ran.size() - 1).substring("ran ".length());
    }

    private static Set<Long> pythonChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static TestResult only(RunResult r) {
        assertThat(r.results()).hasSize(1);
        return r.results().get(0);
    }

    @Test
    void sparesRunWhatTheyCollectedOnlyWhileWhatItReadIsUnchanged() throws Exception {
        write(project, "pytest.ini", "[pytest]\n");
        write(project, "pkg/__init__.py", "");
        write(project, "pkg/util.py", """
                import os
                DATA = open(os.path.join(os.path.dirname(__file__), "data.txt")).read().strip()
                """);
        write(project, "pkg/data.txt", "one\n");
        write(project, "tests/test_a.py", """
                import os
                from pkg.util import DATA
                LOG = os.environ["TEST_LOG"]
                open(LOG, "a").write("imported_a %d\\n" % os.getpid())

                def test_a():
                    open(LOG, "a").write("ran %d\\n" % os.getpid())
                    assert DATA == "one"
                """);
        write(project, "tests/test_b.py", """
                import os
                LOG = os.environ["TEST_LOG"]
                open(LOG, "a").write("imported_b %d\\n" % os.getpid())

                def test_b():
                    open(LOG, "a").write("ran %d\\n" % os.getpid())
                """);
        WorkerPool.shared().closeAll(); // no spares or pool state left by other tests in this JVM
        Set<Long> before = pythonChildren();
        Map<String, String> env = Map.of("TEST_LOG", logs.resolve("log").toString());
        EngineConfig config = EngineConfig.builder().invocationDir(project).workers(1).environment(env)
                .args(List.of("tests/test_a.py")).build();
        try (DxEngine engine = new DxEngine(config)) {
            WorkerPool.shared().enableCollectAhead();
            engine.keepWorkersWarm();
            String pid = await("imported_a ", 1); // the spare imports test_a while it waits

            RunResult first = engine.run(RunListener.NONE);
            assertThat(only(first).outcome()).as(only(first).longRepr()).isEqualTo(Outcome.PASSED);
            assertThat(lastRan()).isEqualTo(pid);
            assertThat(log().subList(0, 2)).as("the spare ran what it had collected, importing nothing again")
                    .containsExactly("imported_a " + pid, "ran " + pid);

            // a data file read while collecting changes (same size): the spare collected after the run is stale
            String stale = await("imported_a ", 2);
            Path data = project.resolve("pkg/data.txt");
            Files.writeString(data, "two\n");
            Files.setLastModifiedTime(data, FileTime.fromMillis(System.currentTimeMillis() + 2000));
            RunResult second = engine.run(RunListener.NONE);
            assertThat(only(second).outcome()).isEqualTo(Outcome.FAILED);
            assertThat(only(second).longRepr()).contains("two");
            assertThat(lastRan()).as("not the stale spare").isNotEqualTo(stale);
            assertThat(log()).contains("imported_a " + lastRan());

            // a conftest added beside the test file: the directory the spare stamped changed
            await("imported_a ", 4); // the spare refilled after the second run
            write(project, "tests/conftest.py", """
                    import pytest

                    @pytest.fixture(autouse=True)
                    def added():
                        raise RuntimeError("conftest added after collecting")
                    """);
            RunResult third = engine.run(RunListener.NONE);
            assertThat(only(third).outcome()).isEqualTo(Outcome.ERROR);
            assertThat(only(third).longRepr()).contains("conftest added after collecting");
            Files.delete(project.resolve("tests/conftest.py"));

            // a run of other files does not take a spare that imported test_a
            await("imported_a ", 6);
            try (DxEngine other = new DxEngine(EngineConfig.builder().invocationDir(project).workers(1).environment(env)
                    .args(List.of("tests/test_b.py")).build())) {
                RunResult b = other.run(RunListener.NONE);
                assertThat(only(b).outcome()).isEqualTo(Outcome.PASSED);
            }
            String bPid = lastRan();
            assertThat(log()).doesNotContain("imported_a " + bPid).contains("imported_b " + bPid);
        }
        WorkerPool.shared().closeAll();
        Thread.sleep(200);
        Set<Long> after = pythonChildren();
        after.removeAll(before);
        assertThat(after).as("no worker outlives the engine").isEmpty();
    }
}

package dev.dxpy.core.engine;

import static dev.dxpy.core.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a run: the report ({@code runFinished}) comes before the files the next run reads are written and
 * before the workers have surely exited, yet when {@code run} returns both are done.
 */
class RunEndTest {
    @TempDir
    Path project;


    @Test
    void workersHaveExitedAndHistoryIsWrittenWhenRunReturns() throws IOException {
        Path pids = project.resolve("pids");
        Files.createDirectories(pids);
        write(project, "pytest.ini", "[pytest]\n");
        for (int i = 0; i < 4; i++) {
            write(project, "tests/test_" + i + ".py", "import os\n\ndef test_" + i + "():\n"
                    + "    open(os.path.join(" + "r'" + pids + "', str(os.getpid())), 'w').close()\n"
                    + (i == 0 ? "    assert False\n" : ""));
        }
        List<String> seenAtReport = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void runFinished(RunResult r) {
                seenAtReport.add(Files.exists(project.resolve(".dxpy/lastfailed")) ? "lastfailed" : "none");
            }
        };
        RunResult r;
        try (DxEngine engine = new DxEngine(EngineConfig.builder().invocationDir(project).workers(2).build())) {
            r = engine.run(listener);
        }
        assertThat(r.results()).hasSize(4);
        assertThat(seenAtReport).containsExactly("none"); // written after the report...
        assertThat(Files.readString(project.resolve(".dxpy/lastfailed"))).contains("tests/test_0.py::test_0"); // ...before the return
        try (var files = Files.list(pids)) {
            List<Long> workers = files.map(p -> Long.parseLong(p.getFileName().toString())).distinct().toList();
            assertThat(workers).isNotEmpty();
            for (long pid : workers) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("worker %d exited before run returned", pid).isFalse();
            }
        }
    }
}

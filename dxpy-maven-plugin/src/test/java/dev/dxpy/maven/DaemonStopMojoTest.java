package dev.dxpy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.Daemon;
import dev.dxpy.core.api.Dxpy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dxpy:daemon-stop} against a real daemon on a temporary project. */
class DaemonStopMojoTest {
    @TempDir
    Path project;

    private final RecordingLog log = new RecordingLog();

    private DaemonStopMojo mojo(Path dir) {
        DaemonStopMojo mojo = new DaemonStopMojo();
        mojo.setLog(log);
        mojo.workingDirectory = dir.toFile();
        return mojo;
    }

    @Test
    void stopsTheDaemonServingTheProjectAndItsSocketIsGone() throws Exception {
        Files.writeString(project.resolve("pytest.ini"), "[pytest]\n");
        Daemon daemon = Dxpy.daemon();
        Thread server = new Thread(() -> {
            try {
                daemon.serve(project, (cwd, args, env, out) -> 0);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        server.start();
        for (int i = 0; i < 200 && daemon.forward(project, List.of("daemon", "status"), Map.of(),
                new ByteArrayOutputStream()).isEmpty(); i++) {
            Thread.sleep(50);
        }

        mojo(project).execute();

        server.join(10_000);
        assertThat(server.isAlive()).as("the daemon's serve() returned").isFalse();
        assertThat(daemon.socket(project)).doesNotExist();
        assertThat(log.lines).anyMatch(l -> l.startsWith("INFO ") && l.contains("stopped"));
    }

    @Test
    void succeedsWhenNoDaemonRuns() throws Exception {
        mojo(project).execute();
        assertThat(log.lines).containsExactly("INFO No dx-py daemon runs for " + project.toAbsolutePath().normalize() + ".");
    }
}

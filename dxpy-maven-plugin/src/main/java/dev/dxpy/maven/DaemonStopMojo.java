package dev.dxpy.maven;

import dev.dxpy.core.api.Daemon;
import dev.dxpy.core.api.Dxpy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code mvn dxpy:daemon-stop}: stops the dx-py daemon ({@code dx-py daemon start}) serving the working
 * directory or a parent of it, with its warm workers. Succeeds when none runs.
 */
@Mojo(name = "daemon-stop", threadSafe = true, requiresDependencyResolution = ResolutionScope.NONE,
        requiresProject = false)
public class DaemonStopMojo extends AbstractDxpyMojo {

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("daemon-stop is skipped.");
            return;
        }
        Path dir = workingDirectory.toPath().toAbsolutePath().normalize();
        Daemon daemon = Dxpy.daemon();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        Optional<Integer> code = daemon.forward(dir, List.of("daemon", "stop"), Map.of(), answer);
        if (code.isEmpty()) {
            getLog().info("No dx-py daemon runs for " + dir + ".");
            return;
        }
        String text = answer.toString(StandardCharsets.UTF_8).strip();
        if (code.get() != 0) {
            throw new MojoExecutionException("The dx-py daemon for " + dir + " did not stop (exit code " + code.get()
                    + "): " + text + ". Stop it with 'dx-py daemon stop' or end its process (pid in .dxpy/).");
        }
        awaitGone(daemon.socket(dir));
        getLog().info(text.isEmpty() ? "dx-py daemon stopped." : text);
    }

    /** The daemon removes its socket on the way out; wait for that (up to 5 s) so a following goal starts clean. */
    private static void awaitGone(Path socket) {
        for (int i = 0; i < 100 && Files.exists(socket); i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package dev.dxpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.Daemon;
import dev.dxpy.core.api.Dxpy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dx-py} launcher's daemon path: with a daemon serving the directory it hands {@code dx-py test}
 * to scripts/dx-py-client.py (no JVM), which prints the daemon's output, exits with its code, and leaves its
 * interpreter's path in the user cache for the next client to start directly.
 */
class LauncherClientTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    /** A copy of the launcher and the client with a placeholder jar: the daemon path never starts the JVM. */
    private Path launcher() throws IOException {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("scripts"));
        Files.createDirectories(repo.resolve("dxpy-cli/target"));
        Files.copy(REPO.resolve("dx-py"), repo.resolve("dx-py"));
        Files.copy(REPO.resolve("scripts/dx-py-client.py"), repo.resolve("scripts/dx-py-client.py"));
        Files.writeString(repo.resolve("dxpy-cli/target/dx-py.jar"), "not a jar: the daemon path must not need it");
        return repo.resolve("dx-py");
    }

    private record Run(int code, String out) {
    }

    private Run run(Path launcher, Path cwd, Path cache, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("DXPY_CACHE", cache.toString());
        pb.environment().remove("DXPY_NO_DAEMON");
        pb.environment().put("DXPY_CLIENT_TEST", "seen");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void handsTestToTheDaemonAndRemembersTheClientInterpreter() throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project.resolve("tests"));
        Files.writeString(project.resolve("pytest.ini"), "[pytest]\n");
        Path cache = tmp.resolve("cache");
        Path launcher = launcher();
        Daemon daemon = Dxpy.daemon();
        Thread server = new Thread(() -> {
            try {
                daemon.serve(project, (cwd, args, env, out) -> {
                    out.println("served " + args + " in " + cwd.getFileName() + " env " + env.get("DXPY_CLIENT_TEST"));
                    return args.contains("--fail") ? 1 : 0;
                });
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        server.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(project.resolve(".dxpy/daemon.pid")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Run first = run(launcher, project.resolve("tests"), cache, "test", "-q", "--fail");
            assertThat(first.out()).contains("served [test, -q, --fail] in tests env seen");
            assertThat(first.code()).isEqualTo(1);
            Path remembered = cache.resolve("client-python");
            assertThat(remembered).exists();
            Path exe = Path.of(Files.readString(remembered).strip());
            assertThat(Files.isExecutable(exe)).isTrue();

            Run second = run(launcher, project, cache, "test", "-k", "x"); // now started through the remembered path
            assertThat(second.out()).contains("served [test, -k, x] in project env seen");
            assertThat(second.code()).isZero();

            Files.writeString(remembered, tmp.resolve("gone/python3") + "\n"); // a stale entry falls back to python3
            Run third = run(launcher, project, cache, "test");
            assertThat(third.out()).contains("served [test] in project");
            assertThat(third.code()).isZero();
            assertThat(Files.readString(remembered).strip()).isEqualTo(exe.toString()); // and is mended
        } finally {
            daemon.forward(project, List.of("daemon", "stop"), java.util.Map.of(), java.io.OutputStream.nullOutputStream());
            server.join(10_000);
        }
    }
}

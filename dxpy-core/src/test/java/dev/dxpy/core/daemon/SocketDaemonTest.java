package dev.dxpy.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.Daemon;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.engine.CoreProvider;
import dev.dxpy.core.protocol.ClientRequest;
import dev.dxpy.core.protocol.FrameWriter;
import dev.dxpy.core.worker.WorkerPool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real daemon on a temporary project: runs through the socket see edited code; stop leaves nothing behind. */
class SocketDaemonTest {
    @TempDir
    Path project;

    private final Daemon daemon = new CoreProvider().daemon();

    private static int runEngine(Path cwd, List<String> args, java.io.PrintStream out) {
        try (var engine = new CoreProvider().engine(EngineConfig.builder().invocationDir(cwd).workers(1).build())) {
            RunResult r = engine.run(RunListener.NONE);
            for (TestResult t : r.results()) {
                out.println(t.nodeId() + " " + t.outcome() + " " + t.message());
            }
            out.println("args " + args);
            return r.exitCode();
        }
    }

    private static int runFile(Path project, String file, java.io.PrintStream out) {
        try (var engine = new CoreProvider().engine(EngineConfig.builder().invocationDir(project).workers(1)
                .args(List.of(file)).build())) {
            RunResult r = engine.run(RunListener.NONE);
            for (TestResult t : r.results()) {
                out.println(t.nodeId() + " " + t.outcome());
            }
            return r.exitCode();
        }
    }

    private String send(List<String> args, int expectedCode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Optional<Integer> code = daemon.forward(project.resolve("tests"), args, Map.of("A", "1"), out);
        assertThat(code).contains(expectedCode);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsThroughTheSocketSeeEditedSourceAndStopCleansUp() throws Exception {
        Files.writeString(project.resolve("pytest.ini"), "[pytest]\n");
        Files.createDirectories(project.resolve("tests"));
        Files.writeString(project.resolve("mod.py"), "VALUE = 1\n");
        Files.writeString(project.resolve("tests/test_v.py"), "from mod import VALUE\n\ndef test_v():\n    assert VALUE == 1\n");
        Thread server = new Thread(() -> {
            try {
                daemon.serve(project, (cwd, args, env, out) -> runEngine(project, args, out));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        server.start();
        try {
            DaemonFiles files = DaemonFiles.of(project);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!DaemonClient.alive(files.socket()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(send(List.of("test", "-q"), 0)).contains("tests/test_v.py::test_v PASSED").contains("args [test, -q]");
            long spareDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (WorkerPool.shared().ready() == 0 && System.nanoTime() < spareDeadline) {
                Thread.sleep(50);
            }
            assertThat(send(List.of("daemon", "status"), 0)).contains("pid: " + ProcessHandle.current().pid())
                    .contains("commands served: 1").contains("warm workers: 1");

            while (WorkerPool.shared().collected() == 0 && System.nanoTime() < spareDeadline) {
                Thread.sleep(50); // the spare has imported test_v and mod (a spare still collecting would stop first)
            }
            Files.writeString(project.resolve("mod.py"), "VALUE = 2\n"); // the warm spare must not have the old module
            assertThat(send(List.of("test"), 1)).contains("tests/test_v.py::test_v FAILED").contains("assert 2 == 1");
            assertThat(send(List.of("daemon", "status"), 0)).contains("collected ahead: ").contains(" 1 stale (last: "
                    + project.resolve("mod.py") + " changed)");

            assertThat(send(List.of("daemon", "stop"), 0)).contains("stopped");
            server.join(10_000);
            assertThat(server.isAlive()).isFalse();
            assertThat(files.socket()).doesNotExist();
            assertThat(files.pid()).doesNotExist();
            assertThat(WorkerPool.shared().ready()).isZero();
            assertThat(daemon.forward(project, List.of("test"), Map.of(), new ByteArrayOutputStream())).isEmpty();
        } finally {
            if (server.isAlive()) {
                send(List.of("daemon", "stop"), 0);
            }
        }
    }

    @Test
    void aClientThatGoesAwayCancelsItsRunKillsItsWorkerAndFreesTheDaemon() throws Exception {
        Path pidFile = project.resolve("slow.pid");
        Files.writeString(project.resolve("pytest.ini"), "[pytest]\n");
        Files.createDirectories(project.resolve("tests"));
        Files.writeString(project.resolve("tests/test_slow.py"), "import os, time\n\ndef test_slow():\n"
                + "    with open(" + pyString(pidFile) + ", 'w') as f:\n        f.write(str(os.getpid()))\n"
                + "    time.sleep(60)\n");
        Files.writeString(project.resolve("tests/test_fast.py"), "def test_fast():\n    pass\n");
        Thread server = new Thread(() -> {
            try {
                daemon.serve(project, (cwd, args, env, out) -> runFile(project, "tests/test_" + args.get(1) + ".py", out));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        server.start();
        DaemonFiles files = awaitDaemon();
        try {
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
            client.connect(UnixDomainSocketAddress.of(files.socket()));
            new FrameWriter(Channels.newOutputStream(client)).write(1,
                    new ClientRequest(project.toString(), List.of("test", "slow"), List.of()));
            long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(pidFile) && Files.size(pidFile) > 0) && System.nanoTime() < started) {
                Thread.sleep(20);
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            assertThat(ProcessHandle.of(pid)).as("the slow test's worker runs").hasValueSatisfying(
                    h -> assertThat(h.isAlive()).isTrue());

            client.close(); // as the client process does when Ctrl-C ends it
            long t0 = System.nanoTime();
            assertThat(send(List.of("test", "fast"), 0)).as("the next client is served").contains("test_fast PASSED");
            assertThat(System.nanoTime() - t0).as("served without waiting for the abandoned 60 s test")
                    .isLessThan(TimeUnit.SECONDS.toNanos(20));
            long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < gone) {
                Thread.sleep(20);
            }
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("the cancelled run's worker is killed").isFalse();
        } finally {
            send(List.of("daemon", "stop"), 0);
            server.join(10_000);
        }
    }

    @Test
    void workersSeeTheClientsEnvironmentAndSparesServeOnlyTheSameEnvironment() throws Exception {
        String daemonOnly = System.getenv().keySet().stream().filter(k -> k.matches("[A-Z][A-Z_]*") && !k.equals("PATH"))
                .sorted().findFirst().orElseThrow();
        Files.writeString(project.resolve("pytest.ini"), "[pytest]\n");
        Files.createDirectories(project.resolve("tests"));
        Files.writeString(project.resolve("tests/test_env.py"), "import os\n\ndef test_env():\n"
                + "    assert os.environ.get('DXPY_CLIENT_VAR') == 'from-client-' + os.environ['DXPY_EXPECT']\n"
                + "    assert " + "'" + daemonOnly + "'" + " not in os.environ\n");
        Thread server = new Thread(() -> {
            try {
                daemon.serve(project, (cwd, args, env, out) -> {
                    try (var engine = new CoreProvider().engine(EngineConfig.builder().invocationDir(project)
                            .workers(1).clientEnvironment(env).build())) {
                        RunResult r = engine.run(RunListener.NONE);
                        r.results().forEach(t -> out.println(t.nodeId() + " " + t.outcome() + " " + t.message()));
                        return r.exitCode();
                    }
                });
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        server.start();
        awaitDaemon();
        try {
            for (String round : List.of("1", "2", "2")) { // the second asks for other spares, the third reuses them
                Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "DXPY_CLIENT_VAR", "from-client-" + round,
                        "DXPY_EXPECT", round);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Optional<Integer> code = daemon.forward(project, List.of("test"), env, out);
                assertThat(code).as(out.toString(StandardCharsets.UTF_8)).contains(0);
                assertThat(out.toString(StandardCharsets.UTF_8)).contains("test_env PASSED");
                long spareDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (WorkerPool.shared().ready() == 0 && System.nanoTime() < spareDeadline) {
                    Thread.sleep(50);
                }
            }
        } finally {
            send(List.of("daemon", "stop"), 0);
            server.join(10_000);
        }
    }

    /** Waits until the daemon answers and its pid file (which clients look for) is written. */
    private DaemonFiles awaitDaemon() throws InterruptedException {
        DaemonFiles files = DaemonFiles.of(project);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(DaemonClient.alive(files.socket()) && Files.exists(files.pid())) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return files;
    }

    private static String pyString(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void aStaleSocketFromAKilledDaemonIsReplaced() throws Exception {
        DaemonFiles files = DaemonFiles.of(project);
        Files.createDirectories(files.dir());
        Files.writeString(files.socket(), "stale");
        Files.writeString(files.pid(), "999999\n");
        assertThat(daemon.forward(project, List.of("test"), Map.of(), new ByteArrayOutputStream()))
                .as("a dead daemon is no daemon: dx-py test runs in-process").isEmpty();
        Thread server = new Thread(() -> {
            try {
                daemon.serve(project, (cwd, args, env, out) -> 7);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        server.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!DaemonClient.alive(files.socket()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(send(List.of("anything"), 7)).isEmpty();
        send(List.of("daemon", "stop"), 0);
        server.join(10_000);
        assertThat(files.socket()).doesNotExist();
    }

    @Test
    void theLaunchersPythonClientSpeaksTheSameFrames() throws Exception {
        Path client = Path.of("..", "scripts", "dx-py-client.py").toAbsolutePath().normalize();
        Thread server = new Thread(() -> {
            try {
                daemon.serve(project, (cwd, args, env, out) -> {
                    out.print("cwd=" + cwd + " args=" + args + " X=" + env.get("DXPY_TEST_X") + "\n");
                    out.print("x".repeat(70_000) + "\n");
                    return 42;
                });
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        server.start();
        DaemonFiles files = DaemonFiles.of(project);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!DaemonClient.alive(files.socket()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        try {
            ProcessBuilder pb = new ProcessBuilder("python3", "-S", client.toString(), files.socket().toString(), "test",
                    "-k", "caf\u00e9 and not x").directory(project.toFile()).redirectErrorStream(true);
            pb.environment().put("DXPY_TEST_X", "\u00fc=1");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isEqualTo(42);
            assertThat(out).startsWith("cwd=" + project.toRealPath() + " args=[test, -k, caf\u00e9 and not x] X=\u00fc=1\n")
                    .contains("x".repeat(70_000));
            Process none = new ProcessBuilder("python3", "-S", client.toString(), project.resolve("nothing").toString(),
                    "test").start();
            assertThat(none.waitFor()).as("no daemon: the launcher falls back to the JVM").isEqualTo(254);
        } finally {
            send(List.of("daemon", "stop"), 0);
            server.join(10_000);
        }
    }
}

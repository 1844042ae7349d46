package dev.dxpy.core.daemon;

import dev.dxpy.core.api.Daemon;
import dev.dxpy.core.api.DxpyException;
import dev.dxpy.core.protocol.ClientOutput;
import dev.dxpy.core.protocol.ClientRequest;
import dev.dxpy.core.protocol.Frame;
import dev.dxpy.core.protocol.FrameReader;
import dev.dxpy.core.protocol.FrameWriter;
import dev.dxpy.core.worker.WorkerPool;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts connections on the daemon's socket; each carries one CLIENT_REQUEST and gets CLIENT_OUTPUT frames
 * back, the last with the exit code. Runs are served one at a time (they share the warm workers);
 * {@code daemon status} and {@code daemon stop} are answered at once. A client that goes away cancels its
 * run, or its turn if it was waiting ({@link ClientWatch}).
 */
final class DaemonServer {
    private final Path rootdir;
    private final DaemonFiles files;
    private final Daemon.CommandHandler handler;
    private final Instant started = Instant.now();
    private final AtomicInteger served = new AtomicInteger();
    private final java.util.concurrent.locks.ReentrantLock runLock = new java.util.concurrent.locks.ReentrantLock();
    private ServerSocketChannel server;
    private volatile boolean stopping;

    DaemonServer(Path rootdir, Daemon.CommandHandler handler) {
        this.rootdir = rootdir.toAbsolutePath().normalize();
        this.files = DaemonFiles.of(this.rootdir);
        this.handler = handler;
    }

    void serve() throws IOException {
        Files.createDirectories(files.dir());
        if (DaemonClient.alive(files.socket())) {
            throw new DxpyException("a dx-py daemon already serves " + rootdir + " (socket " + files.socket()
                    + "); stop it first with 'dx-py daemon stop'");
        }
        Files.deleteIfExists(files.socket()); // stale: its daemon died without cleaning up
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(files.socket()));
        Files.writeString(files.pid(), ProcessHandle.current().pid() + "\n" + files.socket() + "\n");
        Thread cleanup = new Thread(this::cleanUp, "dxpy-daemon-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        WorkerPool.shared().enable();
        WorkerPool.shared().enableCollectAhead();
        WorkerPool.shared().deferRefills(); // each run's spares start after its client has the exit code
        try {
            while (!stopping) {
                SocketChannel client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    if (stopping) {
                        break;
                    }
                    throw e;
                }
                Thread t = new Thread(() -> handle(client), "dxpy-daemon-client");
                t.setDaemon(true);
                t.start();
            }
        } finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    private void handle(SocketChannel client) {
        try (client) {
            FrameReader reader = new FrameReader(Channels.newInputStream(client));
            FrameWriter writer = new FrameWriter(Channels.newOutputStream(client));
            Frame f = reader.read();
            if (f == null || !(f.message() instanceof ClientRequest req)) {
                writer.write(0, new ClientOutput("dx-py daemon: expected a CLIENT_REQUEST frame\n", true, 3));
                return;
            }
            List<String> args = req.args();
            if (args.equals(List.of("daemon", "status"))) {
                writer.write(f.requestId(), new ClientOutput(status(), true, 0));
            } else if (args.equals(List.of("daemon", "stop"))) {
                writer.write(f.requestId(), new ClientOutput("dx-py daemon for " + rootdir + " stopped\n", true, 0));
                stop();
            } else {
                int code;
                FrameOutputStream frames = new FrameOutputStream(writer);
                PrintStream out = new PrintStream(frames, false, StandardCharsets.UTF_8);
                try (ClientWatch watch = ClientWatch.start(client, Thread.currentThread())) {
                    runLock.lockInterruptibly(); // a client that leaves while it waits for its turn never runs
                    try {
                        served.incrementAndGet();
                        code = run(req, out);
                    } finally {
                        runLock.unlock();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    code = -1;
                }
                try {
                    if (Thread.interrupted()) { // the client went away: its run was cancelled, nobody reads the rest
                        frames.abandon();
                        return;
                    }
                    out.flush();
                    frames.close();
                    writer.write(f.requestId(), new ClientOutput("", true, code));
                } finally {
                    runLock.lock(); // between runs, never during one
                    try {
                        WorkerPool.shared().startDeferredRefill();
                    } finally {
                        runLock.unlock();
                    }
                }
            }
        } catch (IOException e) {
            // the client went away; its run has finished or been abandoned
        }
    }


    private int run(ClientRequest req, PrintStream out) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : req.env()) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        try {
            return handler.run(Path.of(req.cwd()), req.args(), env, out);
        } catch (RuntimeException e) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            out.print("dx-py daemon: internal error, please report it with this trace:\n" + sw);
            return 3;
        }
    }

    private String status() {
        return "dx-py daemon for " + rootdir + "\n"
                + "  pid: " + ProcessHandle.current().pid() + "\n"
                + "  socket: " + files.socket() + "\n"
                + "  up: " + Duration.between(started, Instant.now()).toSeconds() + " s\n"
                + "  commands served: " + served.get() + "\n"
                + "  warm workers: " + WorkerPool.shared().ready() + "\n"
                + "  collected ahead: " + WorkerPool.shared().collectAheadStatus() + "\n";
    }

    void stop() {
        stopping = true;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private synchronized void cleanUp() {
        stopping = true;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        WorkerPool.shared().closeAll();
        try {
            Files.deleteIfExists(files.socket());
            Files.deleteIfExists(files.pid());
        } catch (IOException ignored) {
            // a stale socket is detected and replaced by the next daemon
        }
    }
}

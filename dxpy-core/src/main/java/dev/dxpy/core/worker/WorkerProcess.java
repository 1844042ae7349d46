package dev.dxpy.core.worker;

import dev.dxpy.core.protocol.Collected;
import dev.dxpy.core.protocol.Configure;
import dev.dxpy.core.protocol.Frame;
import dev.dxpy.core.protocol.FrameLog;
import dev.dxpy.core.protocol.FrameReader;
import dev.dxpy.core.protocol.FrameWriter;
import dev.dxpy.core.protocol.FramesLogged;
import dev.dxpy.core.protocol.Heartbeat;
import dev.dxpy.core.protocol.Hello;
import dev.dxpy.core.protocol.Message;
import dev.dxpy.core.protocol.ProtocolException;
import dev.dxpy.core.protocol.SharedMemoryRing;
import dev.dxpy.core.protocol.Shutdown;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Python worker: a child process running {@code dx_py_test_runner.worker}, speaking frames over its
 * stdin/stdout. A reader thread turns the channel into {@link WorkerEvent}s; stderr is drained into a
 * bounded tail kept for crash reports. Every live worker is killed by a JVM shutdown hook, and the worker
 * itself exits when its parent dies.
 *
 * <p>The worker writes its TEST_STARTED and TEST_RESULT frames into a {@link FrameLog} and rings a doorbell
 * ({@link FramesLogged}) on the pipe now and then. The reader thread reads the log before every frame of the
 * pipe, and all of it when the pipe ends, so the events keep the worker's order and a crash loses nothing
 * the worker published; {@link #poll} also looks into the log when nothing came in time (a test that hangs
 * right after its TEST_STARTED was logged is still named).
 */
public final class WorkerProcess implements AutoCloseable {
    private static final int STDERR_TAIL = 8192;
    private static final int RING_CAPACITY = 4 << 20;
    /** About 5000 passing tests' frames; the worker rings at half full, and sends over the pipe when full. */
    private static final int LOG_CAPACITY = 1 << 20;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "dxpy-worker-reaper"));
    }

    private final Process process;
    private final SharedMemoryRing ring;
    private final FrameLog log;
    private final FrameWriter writer;
    private final BlockingQueue<WorkerEvent> events = new LinkedBlockingQueue<>();
    /** Held while frames from the log (and the pipe frame they precede) go into {@link #events}. */
    private final Object logOrder = new Object();
    private final StringBuilder stderrTail = new StringBuilder();
    private final String name;
    private final Path python;
    /** The worker's Collected frame (a spare that collected ahead), or null once it exited without one. */
    private final CompletableFuture<Collected> collected = new CompletableFuture<>();
    private Hello hello;

    private WorkerProcess(Process process, String name, SharedMemoryRing ring, FrameLog log, Path python) {
        this.process = process;
        this.name = name;
        this.ring = ring;
        this.log = log;
        this.python = python;
        this.writer = new FrameWriter(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
    }

    /** Starts a worker, waits for its Hello and sends the configuration. */
    public static WorkerProcess start(WorkerSpec spec, String name) {
        return launch(spec, name).configure(spec);
    }

    /**
     * Starts the process only (its interpreter starts and imports the worker meanwhile); {@link #configure}
     * completes the start. Lets the engine start workers while it is still discovering the tests, whose
     * result the configuration needs. {@code spec.configure()} is not used.
     */
    public static WorkerProcess launch(WorkerSpec spec, String name) {
        return launch(spec, name, Map.of());
    }

    /** {@link #launch(WorkerSpec, String)} with {@code extra} variables in the worker's environment (read and removed by the worker at start). */
    public static WorkerProcess launch(WorkerSpec spec, String name, Map<String, String> extra) {
        String bootstrap = "import sys; sys.path.append(" + pyString(spec.files().dir().toString()) + "); "
                + "from dx_py_test_runner.worker import main; main()";
        List<String> cmd = new ArrayList<>(List.of(spec.python().toString(), "-u", "-c", bootstrap));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(spec.workingDir().toFile());
        if (spec.wholeEnvironment()) { // a daemon's client's environment, not the daemon's
            pb.environment().clear();
        }
        pb.environment().putAll(spec.environment());
        pb.environment().putAll(extra);
        pb.environment().put("DXPY_WORKER", name);
        SharedMemoryRing ring = createRing(spec, name);
        if (ring != null) {
            pb.environment().put("DXPY_SHM", ring.path().toString());
        }
        FrameLog log = createLog(spec, name);
        if (log != null) {
            pb.environment().put("DXPY_FRAMELOG", log.path().toString());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            if (ring != null) {
                ring.close();
            }
            if (log != null) {
                log.close();
            }
            throw new WorkerStartException("cannot start Python worker with " + spec.python() + ": " + e.getMessage(), e);
        }
        LIVE.add(p);
        WorkerProcess w = new WorkerProcess(p, name, ring, log, spec.python());
        w.startThreads();
        return w;
    }

    /** Waits for the launched worker's Hello and sends {@code spec}'s configuration for it (fixture keys need its Python version). */
    public WorkerProcess configure(WorkerSpec spec) {
        return configure(spec::configureFor);
    }

    /** Waits for the launched worker's Hello and sends {@code configure}; returns this worker. */
    public WorkerProcess configure(Configure configure) {
        return configure(h -> configure);
    }

    private WorkerProcess configure(java.util.function.Function<Hello, Configure> configure) {
        try {
            WorkerEvent first = poll(60, TimeUnit.SECONDS);
            if (first instanceof WorkerEvent.Received r && r.frame().message() instanceof Hello h) {
                hello = h;
            } else {
                String why = first == null ? "no Hello within 60 s" : describe(first);
                kill();
                throw new WorkerStartException("Python worker " + python + " failed to start: " + why
                        + stderrHint(stderrTail()));
            }
            send(0, configure.apply(hello));
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new WorkerStartException("interrupted while starting a worker", e);
        } catch (IOException e) {
            kill();
            throw new WorkerStartException("cannot configure Python worker: " + e.getMessage() + stderrHint(stderrTail()), e);
        }
        return this;
    }

    /** The worker's ring for payloads over 1 KB, or null (payloads then go inline) if none can be made. */
    private static SharedMemoryRing createRing(WorkerSpec spec, String name) {
        try {
            return SharedMemoryRing.create(sharedFile(spec, name, ".ring"), RING_CAPACITY);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The worker's frame log, or null (the worker then writes every frame to the pipe) if none can be made. */
    private static FrameLog createLog(WorkerSpec spec, String name) {
        try {
            return FrameLog.create(sharedFile(spec, name, ".log"), LOG_CAPACITY);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** A new file name for one of the worker's shared-memory structures: /dev/shm, else beside the worker files. */
    private static Path sharedFile(WorkerSpec spec, String name, String suffix) {
        Path dir = SharedMemoryRing.defaultDirectory(spec.files().dir().getParent());
        return dir.resolve("dxpy-" + ProcessHandle.current().pid() + "-" + name + "-" + System.nanoTime() + suffix);
    }

    private static String describe(WorkerEvent e) {
        if (e instanceof WorkerEvent.Exited x) {
            return "it exited with code " + x.exitCode() + (x.cause() == null ? "" : " (" + x.cause() + ")");
        }
        return "unexpected first frame " + ((WorkerEvent.Received) e).frame().type();
    }

    private static String stderrHint(String tail) {
        return tail.isBlank() ? "" : "\n--- worker stderr ---\n" + tail.strip();
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private void startThreads() {
        Thread reader = new Thread(this::readLoop, "dxpy-" + name + "-reader");
        reader.setDaemon(true);
        reader.start();
        Thread err = new Thread(this::drainStderr, "dxpy-" + name + "-stderr");
        err.setDaemon(true);
        err.start();
    }

    private void readLoop() {
        String cause = null;
        try (FrameReader reader = new FrameReader(new BufferedInputStream(process.getInputStream(), 1 << 16), ring)) {
            Frame f;
            while ((f = reader.read()) != null) {
                received(f);
            }
        } catch (ProtocolException e) {
            cause = "corrupted channel: " + e.getMessage();
            process.destroyForcibly();
        } catch (IOException e) {
            cause = "channel error: " + e.getMessage();
        }
        int code = -1;
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                code = process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
        closeRing();
        collected.complete(null);
        synchronized (logOrder) { // the worker is gone: every frame it published in the log comes before the end
            peekLog();
            events.add(new WorkerEvent.Exited(code, cause));
        }
    }

    /**
     * A frame from the pipe: the log's frames written before it come first ({@link FrameLog#drainBefore}), then
     * the frame itself unless it is the doorbell.
     */
    private void received(Frame f) throws ProtocolException {
        synchronized (logOrder) {
            if (log != null) {
                log.drainBefore(ring, f, this::deliver);
            }
            if (!(f.message() instanceof FramesLogged)) {
                deliver(f);
            }
        }
    }

    private void deliver(Frame f) {
        if (f.message() instanceof Collected c) { // the answer to collect_ahead: for the pool, not a run's event
            collected.complete(c);
            return;
        }
        events.add(new WorkerEvent.Received(f));
    }

    /** Whether this worker has sent its Collected frame (it collected ahead, or was told to stop). */
    public boolean hasCollected() {
        return collected.isDone() && collected.getNow(null) != null;
    }

    /**
     * The Collected frame of a worker configured with {@code collect_ahead}, waiting for it at most {@code timeoutMs}
     * (0: as long as the worker lives); null when the worker exited without one or the time ran out. A worker still
     * collecting is told to stop after the file it is on (the files it did not reach are imported when run).
     */
    public Collected collected(long timeoutMs) throws InterruptedException {
        if (!collected.isDone()) {
            try { // a HEARTBEAT ends a collection still going: the worker answers with what it collected so far
                send(0, new Heartbeat(System.nanoTime()));
            } catch (IOException e) {
                return null;
            }
        }
        try {
            return timeoutMs > 0 ? collected.get(timeoutMs, TimeUnit.MILLISECONDS) : collected.get();
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** Delivers the frames the log holds that are complete; a frame still being written waits. */
    private void peekLog() {
        peekLog(false, 0);
    }

    /**
     * {@link #peekLog()}; with {@code onlyRequest}, of request {@code requestId}'s frames only: those of a file
     * queued behind it wait.
     */
    private void peekLog(boolean onlyRequest, long requestId) {
        if (log != null) {
            synchronized (logOrder) {
                log.peek(ring, onlyRequest, requestId, this::deliver);
            }
        }
    }

    private void drainStderr() {
        byte[] buf = new byte[4096];
        try (InputStream in = process.getErrorStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > STDERR_TAIL) {
                        stderrTail.delete(0, stderrTail.length() - STDERR_TAIL);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    public String name() {
        return name;
    }

    public Hello hello() {
        return hello;
    }

    public long pid() {
        return process.pid();
    }

    public void send(long requestId, Message message) throws IOException {
        writer.write(requestId, message);
    }

    /**
     * The next event, or null after the timeout. When nothing came in time, first looks into the worker's
     * frame log, whose frames the worker may not have rung for yet.
     */
    public WorkerEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        return poll(timeout, unit, false, 0);
    }

    /**
     * {@link #poll(long, TimeUnit)} while request {@code requestId} runs: the look into the log takes only its
     * frames, never those of a file queued behind it (they come after its FILE_DONE).
     */
    public WorkerEvent poll(long requestId, long timeout, TimeUnit unit) throws InterruptedException {
        return poll(timeout, unit, true, requestId);
    }

    private WorkerEvent poll(long timeout, TimeUnit unit, boolean onlyRequest, long requestId)
            throws InterruptedException {
        WorkerEvent e = events.poll(timeout, unit);
        if (e == null && log != null) {
            peekLog(onlyRequest, requestId);
            e = events.poll();
        }
        return e;
    }

    /**
     * The test the worker announced last in its frame log's running slot for request {@code requestId} (see
     * {@link FrameLog}), or null: no log, no test announced there, or one of another request. The slot keeps a
     * test after its result: the caller tells whether it still runs. Readable after the worker exited.
     */
    public String runningTest(long requestId) {
        FrameLog.Running r = log == null ? null : log.running();
        return r != null && r.requestId() == requestId ? r.nodeId() : null;
    }

    /** A number that changes whenever the worker announces a test in its running slot (0 without a log). */
    public long runningSeq() {
        return log == null ? 0 : log.runningSeq();
    }

    /** The last few KB the worker wrote to stderr (including stray writes to stdout). */
    public String stderrTail() {
        synchronized (stderrTail) {
            return stderrTail.toString();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void closeRing() {
        if (ring != null) {
            ring.close();
        }
        if (log != null) {
            log.close();
        }
    }

    /** Kills the process and its children at once. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
        closeRing();
    }

    /** Asks the worker to finish (session teardown runs), then kills it if it does not exit in time. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                send(0, new Shutdown("run finished"));
                process.getOutputStream().close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (IOException e) {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
        LIVE.remove(process);
        closeRing();
    }
}

package dev.dxpy.core.schedule;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.protocol.FileDone;
import dev.dxpy.core.protocol.Frame;
import dev.dxpy.core.protocol.Message;
import dev.dxpy.core.protocol.RunFile;
import dev.dxpy.core.protocol.StopFile;
import dev.dxpy.core.protocol.TestRef;
import dev.dxpy.core.protocol.TestResultMessage;
import dev.dxpy.core.protocol.TestStarted;
import dev.dxpy.core.protocol.WorkerError;
import dev.dxpy.core.worker.WorkerEvent;
import dev.dxpy.core.worker.WorkerProcess;
import dev.dxpy.core.worker.WorkerStartException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs file tasks on one worker slot. A test that crashes or hangs its worker is reported as an error
 * with the cause; the worker is replaced and the rest of the file runs on the new one. Every test of a
 * task ends with exactly one result (or, when the module cannot be imported, one collection error; or none
 * when the worker says a conftest's computed {@code collect_ignore} excludes the file, as pytest would).
 *
 * <p>Another slot, idle, may take the back half of the tests of the running file not started yet
 * ({@link #stealTail()}): the worker is told to stop before them (STOP_FILE), finishes the test it runs and
 * closes the file; the tests it did not start go to the thief. After a crash or timeout with a steal
 * pending, all the file's remaining tests go to the thief.
 *
 * <p>Given a source of following tasks, a slot sends the next file's RUN_FILE right behind the file it starts:
 * the worker reads it as soon as it is done, instead of waiting for the engine to hear FILE_DONE and answer
 * (about 0.2 ms a file, a tenth of a warm run of the 10k corpus). That file runs next on this slot. If the
 * worker dies before reaching it, it is sent again to the new worker: none of its tests had started.
 */
final class FileRunner implements AutoCloseable {
    private final String name;
    private final WorkerFactory factory;
    private final Duration timeout;
    private final ResultSink sink;
    private WorkerProcess worker;
    private long requestId;
    private int generation;
    private volatile boolean busy;
    // the file in flight, for thieves; guarded by this
    private String runningFile;
    private long runningRequest;
    private WorkerProcess runningWorker;
    private final Map<String, CollectedTest> notStarted = new LinkedHashMap<>();
    private CompletableFuture<List<CollectedTest>> steal;
    // the following file, taken during the running one's first attempt; its RUN_FILE went to sentAheadTo
    private Supplier<FileTask> following;
    private FileTask ahead;
    private WorkerProcess sentAheadTo;
    private long aheadRequest;

    FileRunner(String name, WorkerFactory factory, Duration timeout, ResultSink sink) {
        this.name = name;
        this.factory = factory;
        this.timeout = timeout;
        this.sink = sink;
    }

    /**
     * Runs {@code task}. With {@code following}, takes the next task from it once this one is sent and queues
     * its RUN_FILE on the worker behind this one; returns that task, which must be the next this slot runs
     * (null: none was taken). The slot stays {@link #busy} in between.
     */
    FileTask run(FileTask task, Supplier<FileTask> following) {
        busy = true;
        List<CollectedTest> handover = List.of();
        boolean sentAlready = ahead == task;
        long sentRequest = aheadRequest;
        WorkerProcess sentTo = sentAheadTo;
        ahead = null;
        sentAheadTo = null;
        this.following = following;
        try {
            List<CollectedTest> remaining = new ArrayList<>(task.tests());
            int attemptsWithoutProgress = 0;
            while (!remaining.isEmpty()) {
                int before = remaining.size();
                // the first attempt on the worker that has the task queued already does not send it again
                long queued = sentAlready && sentTo != null && sentTo == worker && sentTo.isAlive() ? sentRequest : 0;
                sentAlready = false;
                Attempt a = attempt(task.file(), remaining, queued);
                if (a.handover != null) {
                    handover = a.handover;
                    break;
                }
                if (a.finished) {
                    break;
                }
                if (stealPending()) { // crashed or timed out while a thief waits: the rest is the thief's
                    handover = List.copyOf(remaining);
                    break;
                }
                if (remaining.size() == before) {
                    if (++attemptsWithoutProgress >= 2) {
                        sink.fileError(new CollectionError(task.file(), 0,
                                "the worker died twice before running any test of this file: " + a.cause));
                        break;
                    }
                } else {
                    attemptsWithoutProgress = 0;
                }
            }
        } finally {
            this.following = null;
            endFile(handover);
            busy = ahead != null;
        }
        return ahead;
    }

    /** Whether this slot has a file in hand (possibly still starting its worker). */
    boolean busy() {
        return busy;
    }

    /** How many tests of the running file have not started, or 0 while a steal is under way. */
    synchronized int waiting() {
        return runningFile == null || steal != null ? 0 : notStarted.size();
    }

    /**
     * Asks this slot's worker to stop before the back half of the running file's tests not started yet;
     * the future gets the tests it did not start (possibly none, if it got there first). Null when fewer
     * than two wait or another thief is served.
     */
    synchronized Tail stealTail() {
        if (runningFile == null || steal != null) {
            return null;
        }
        // the test the worker runs now (its running slot) and those before it have started: tests run in order
        String running = runningWorker.runningTest(runningRequest);
        if (running != null) {
            String ref = notStarted.containsKey(running) ? running : refOfBase(TestId.parse(running), notStarted);
            if (ref != null) {
                for (var it = notStarted.keySet().iterator(); it.hasNext(); ) {
                    boolean last = it.next().equals(ref);
                    it.remove();
                    if (last) {
                        break;
                    }
                }
            }
        }
        if (notStarted.size() < 2) {
            return null;
        }
        List<CollectedTest> waiting = new ArrayList<>(notStarted.values());
        steal = new CompletableFuture<>();
        try {
            runningWorker.send(runningRequest, new StopFile(runningFile, waiting.get(waiting.size() / 2).id().nodeId()));
        } catch (IOException e) {
            // the worker died: the crash path hands the remaining tests over
        }
        return new Tail(runningFile, steal);
    }

    /** A steal under way: the file, and the tests of it the victim's worker will not start. */
    record Tail(String file, CompletableFuture<List<CollectedTest>> tests) {
    }

    private synchronized boolean stealPending() {
        return steal != null;
    }

    /** {@code send} false: the worker has the RUN_FILE already (sent ahead). */
    private synchronized void startFile(WorkerProcess w, long req, RunFile run, Map<String, CollectedTest> pending,
            boolean send) throws IOException {
        if (send) {
            w.send(req, run);
        }
        runningFile = run.file();
        runningRequest = req;
        runningWorker = w;
        notStarted.clear();
        notStarted.putAll(pending);
    }

    /** {@code ref}: the test ref the started test belongs to, or null for a doctest (they run last). */
    private synchronized void markStarted(String ref) {
        if (ref != null) {
            notStarted.remove(ref);
        } else {
            notStarted.values().removeIf(CollectedTest::isDoctests);
        }
    }

    /** With a steal pending: the tests the worker did not start, taken out of {@code pending}; else null. */
    private synchronized List<CollectedTest> unstartedForThief(Map<String, CollectedTest> pending) {
        if (steal == null) {
            return null;
        }
        List<CollectedTest> out = new ArrayList<>();
        for (CollectedTest t : notStarted.values()) {
            if (pending.remove(t.id().nodeId()) != null) {
                out.add(t);
            }
        }
        return out;
    }

    private synchronized void endFile(List<CollectedTest> handover) {
        runningFile = null;
        runningWorker = null;
        notStarted.clear();
        if (steal != null) {
            steal.complete(handover);
            steal = null;
        }
    }

    /** {@code handover}: with a steal pending, the tests the worker did not start, for the thief. */
    private record Attempt(boolean finished, String cause, List<CollectedTest> handover) {
        Attempt(boolean finished, String cause) {
            this(finished, cause, null);
        }
    }

    /**
     * Runs {@code remaining} on the worker; removes the tests that got a result. {@code queued}: the request
     * under which the worker has this RUN_FILE already, else 0.
     */
    private Attempt attempt(String file, List<CollectedTest> remaining, long queued) {
        WorkerProcess w;
        try {
            w = worker();
        } catch (WorkerStartException e) {
            for (CollectedTest t : remaining) {
                sink.finished(TestResult.error(t.id(), "worker could not start: " + firstLine(e.getMessage()), e.getMessage()));
            }
            remaining.clear();
            return new Attempt(true, e.getMessage());
        }
        Map<String, CollectedTest> pending = new LinkedHashMap<>();
        for (CollectedTest t : remaining) {
            pending.put(t.id().nodeId(), t);
        }
        List<TestRef> refs = refs(remaining);
        long req = queued != 0 ? queued : ++requestId;
        try {
            startFile(w, req, new RunFile(file, refs), pending, queued == 0);
        } catch (IOException e) {
            return crashed(remaining, pending, null, w, "cannot send to worker: " + e.getMessage(), Map.of());
        }
        sendAhead(w);
        String current = null; // the test a TEST_STARTED frame announced (no log, or an id too long for its slot)
        long startedAt = 0;
        String lastResult = null; // the node id of the last TEST_RESULT: the running slot's test, if that, has ended
        long slotSeq = w.runningSeq();
        long slotSeenAt = System.nanoTime();
        Map<String, Boolean> expandedSeen = new LinkedHashMap<>();
        while (true) {
            WorkerEvent ev;
            try {
                ev = w.poll(req, 200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.kill();
                worker = null;
                return new Attempt(true, "interrupted");
            }
            if (ev == null) {
                String cur = current;
                long since = startedAt;
                if (timeout != null && cur == null) { // the running slot: a test runs since its seq last changed
                    long seq = w.runningSeq();
                    if (seq != slotSeq) {
                        slotSeq = seq;
                        slotSeenAt = System.nanoTime();
                    }
                    cur = running(w, req, lastResult);
                    since = slotSeenAt;
                }
                if (timeout != null && cur != null && System.nanoTime() - since > timeout.toNanos()) {
                    w.kill();
                    worker = null;
                    CollectedTest t = pending.remove(cur);
                    TestId id = t != null ? t.id() : TestId.parse(cur);
                    sink.finished(new TestResult(id, Outcome.ERROR, Duration.ofNanos(System.nanoTime() - since),
                            "Timeout: the test ran longer than " + seconds(timeout) + " s; its worker was killed",
                            "Timeout (>" + seconds(timeout) + "s) in " + cur + "\n" + tail(w), "", "", false));
                    keepPending(remaining, pending, t);
                    return new Attempt(false, "timeout");
                }
                continue;
            }
            if (ev instanceof WorkerEvent.Exited x) { // every frame it logged came before: lastResult is its last result
                return crashed(remaining, pending, current != null ? current : running(w, req, lastResult), w,
                        Crashes.describe(x.exitCode(), x.cause()), expandedSeen);
            }
            Frame f = ((WorkerEvent.Received) ev).frame();
            Message m = f.message();
            if (m instanceof TestStarted s) {
                current = s.nodeId();
                startedAt = System.nanoTime();
                CollectedTest t = pending.get(current); // its id is parsed already
                markStarted(t != null ? current : refOf(current, pending));
                sink.started(t != null ? t.id() : TestId.parse(current));
            } else if (m instanceof TestResultMessage r) {
                String nodeId = r.nodeId();
                CollectedTest t = pending.remove(nodeId);
                TestId id = t != null ? t.id() : TestId.parse(nodeId);
                if (t == null) {
                    expandedSeen.put(id.baseId(), true);
                }
                if (current == null || !current.equals(nodeId)) { // announced in the running slot, not by a frame
                    markStarted(t != null ? nodeId : refOfBase(id, pending));
                    sink.started(id);
                }
                lastResult = nodeId;
                sink.finished(new TestResult(id, r.outcome(), Duration.ofNanos(r.durationNs()), r.message(),
                        r.longrepr(), r.stdout(), joinErr(r.stderr(), r.log()), r.runtimeExpanded() || t == null,
                        r.fallbackReason(), r.phase()));
                current = null;
            } else if (m instanceof FileDone d) {
                if (d.ignored()) { // a conftest's computed collect_ignore: pytest would not collect the file
                    remaining.clear();
                    return new Attempt(true, null);
                }
                List<CollectedTest> handover = null;
                if (d.error() != null && !d.error().isEmpty()) {
                    sink.fileError(new CollectionError(file, d.errorLine(),
                            d.longrepr() == null || d.longrepr().isBlank() ? d.error() : d.error() + "\n" + d.longrepr()));
                } else {
                    handover = unstartedForThief(pending);
                    for (CollectedTest t : pending.values()) {
                        if (t.runtimeParametrized() && expandedSeen.containsKey(t.id().baseId()) || t.isDoctests()) {
                            continue;
                        }
                        sink.finished(TestResult.error(t.id(), t.runtimeParametrized()
                                ? "run-time parametrization produced no test" : "the worker returned no result for this test",
                                "dxpy worker " + name + " finished " + file + " without reporting " + t.id().nodeId()));
                    }
                }
                remaining.clear();
                return new Attempt(true, null, handover);
            } else if (m instanceof WorkerError e) {
                if (e.fatal()) {
                    w.kill();
                    return crashed(remaining, pending, current != null ? current : running(w, req, lastResult), w,
                            "worker error: " + e.message(), expandedSeen);
                }
                sink.warning("worker " + name + ": " + e.message());
            }
        }
    }

    /** Takes the following task, once per run, and queues its RUN_FILE on {@code w} behind the running file. */
    private void sendAhead(WorkerProcess w) {
        if (following == null) {
            return;
        }
        FileTask next = following.get();
        following = null;
        if (next == null) {
            return;
        }
        ahead = next;
        long req = ++requestId;
        try {
            w.send(req, new RunFile(next.file(), refs(next.tests())));
            aheadRequest = req;
            sentAheadTo = w;
        } catch (IOException e) {
            // the worker died: the crash path starts another, and this file is sent to it in its turn
        }
    }

    private static List<TestRef> refs(List<CollectedTest> tests) {
        List<TestRef> refs = new ArrayList<>(tests.size());
        for (CollectedTest t : tests) {
            refs.add(new TestRef(t.id().nodeId(), t.runtimeParametrized()));
        }
        return refs;
    }

    /** The run-time expanded ref a started id comes from, or null (a doctest). */
    private static String refOf(String nodeId, Map<String, CollectedTest> pending) {
        return refOfBase(TestId.parse(nodeId), pending);
    }

    private static String refOfBase(TestId id, Map<String, CollectedTest> pending) {
        String base = id.baseId();
        return pending.containsKey(base) ? base : null;
    }

    /**
     * The test the worker's running slot names for request {@code req}, unless that test has its result already
     * ({@code lastResult}: the slot keeps a test until the next one replaces it); null when none runs that way.
     */
    private static String running(WorkerProcess w, long req, String lastResult) {
        String id = w.runningTest(req);
        return id == null || id.equals(lastResult) ? null : id;
    }

    private Attempt crashed(List<CollectedTest> remaining, Map<String, CollectedTest> pending,
            String current, WorkerProcess w, String cause, Map<String, Boolean> expandedSeen) {
        worker = null;
        w.kill();
        CollectedTest victim = current == null ? null : pending.remove(current);
        // a function expanded at run time cannot be resumed half-way without repeating results: its
        // remaining parameter sets are dropped, and the error says so
        String base = current == null ? null : TestId.parse(current).baseId();
        pending.values().removeIf(t -> t.runtimeParametrized()
                && (expandedSeen.containsKey(t.id().baseId()) || t.id().baseId().equals(base)));
        if (current != null) {
            TestId id = victim != null ? victim.id() : TestId.parse(current);
            sink.finished(TestResult.error(id, "Crashed: " + cause + " while running this test",
                    "Worker crash in " + current + ": " + cause + "\n" + tail(w)));
        }
        keepPending(remaining, pending, victim);
        return new Attempt(false, cause);
    }

    private static void keepPending(List<CollectedTest> remaining, Map<String, CollectedTest> pending, CollectedTest dropped) {
        remaining.retainAll(pending.values());
        if (dropped != null) {
            remaining.remove(dropped);
        }
    }

    private WorkerProcess worker() {
        if (worker == null || !worker.isAlive()) {
            worker = factory.start(name + (generation++ == 0 ? "" : "-" + generation));
        }
        return worker;
    }

    private static String tail(WorkerProcess w) {
        String t = w.stderrTail().strip();
        return t.isEmpty() ? "" : "--- worker stderr (last lines) ---\n" + t;
    }

    private static String joinErr(String stderr, String log) {
        if (log == null || log.isEmpty()) {
            return stderr;
        }
        return (stderr == null || stderr.isEmpty() ? "" : stderr + "\n") + "--- captured log ---\n" + log;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.valueOf(d.toMillis() / 1000.0);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }
}

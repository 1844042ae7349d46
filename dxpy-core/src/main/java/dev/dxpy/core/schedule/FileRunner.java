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
import java.util.concurrent.TimeUnit;

/**
 * Runs file tasks on one worker slot. A test that crashes or hangs its worker is reported as an error
 * with the cause; the worker is replaced and the rest of the file runs on the new one. Every test of a
 * task ends with exactly one result (or, when the module cannot be imported, one collection error; or none
 * when the worker says a conftest's computed {@code collect_ignore} excludes the file, as pytest would).
 */
final class FileRunner implements AutoCloseable {
    private final String name;
    private final WorkerFactory factory;
    private final Duration timeout;
    private final ResultSink sink;
    private WorkerProcess worker;
    private long requestId;
    private int generation;

    FileRunner(String name, WorkerFactory factory, Duration timeout, ResultSink sink) {
        this.name = name;
        this.factory = factory;
        this.timeout = timeout;
        this.sink = sink;
    }

    void run(FileTask task) {
        List<CollectedTest> remaining = new ArrayList<>(task.tests());
        int attemptsWithoutProgress = 0;
        while (!remaining.isEmpty()) {
            int before = remaining.size();
            Attempt a = attempt(task.file(), remaining);
            if (a.finished) {
                return;
            }
            if (remaining.size() == before) {
                if (++attemptsWithoutProgress >= 2) {
                    sink.fileError(new CollectionError(task.file(), 0,
                            "the worker died twice before running any test of this file: " + a.cause));
                    return;
                }
            } else {
                attemptsWithoutProgress = 0;
            }
        }
    }

    private record Attempt(boolean finished, String cause) {
    }

    /** Runs {@code remaining} on the worker; removes the tests that got a result. */
    private Attempt attempt(String file, List<CollectedTest> remaining) {
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
        List<TestRef> refs = new ArrayList<>();
        for (CollectedTest t : remaining) {
            pending.put(t.id().nodeId(), t);
            refs.add(new TestRef(t.id().nodeId(), t.runtimeParametrized()));
        }
        long req = ++requestId;
        try {
            w.send(req, new RunFile(file, refs));
        } catch (IOException e) {
            return crashed(remaining, pending, null, w, "cannot send to worker: " + e.getMessage(), Map.of());
        }
        String current = null;
        long startedAt = 0;
        Map<String, Boolean> expandedSeen = new LinkedHashMap<>();
        while (true) {
            WorkerEvent ev;
            try {
                ev = w.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.kill();
                worker = null;
                return new Attempt(true, "interrupted");
            }
            if (ev == null) {
                if (timeout != null && current != null && System.nanoTime() - startedAt > timeout.toNanos()) {
                    String cur = current;
                    w.kill();
                    worker = null;
                    CollectedTest t = pending.remove(cur);
                    TestId id = t != null ? t.id() : TestId.parse(cur);
                    sink.finished(new TestResult(id, Outcome.ERROR, Duration.ofNanos(System.nanoTime() - startedAt),
                            "Timeout: the test ran longer than " + seconds(timeout) + " s; its worker was killed",
                            "Timeout (>" + seconds(timeout) + "s) in " + cur + "\n" + tail(w), "", "", false));
                    keepPending(remaining, pending, t);
                    return new Attempt(false, "timeout");
                }
                continue;
            }
            if (ev instanceof WorkerEvent.Exited x) {
                return crashed(remaining, pending, current, w, Crashes.describe(x.exitCode(), x.cause()), expandedSeen);
            }
            Frame f = ((WorkerEvent.Received) ev).frame();
            Message m = f.message();
            if (m instanceof TestStarted s) {
                current = s.nodeId();
                startedAt = System.nanoTime();
                CollectedTest t = pending.get(current); // its id is parsed already
                sink.started(t != null ? t.id() : TestId.parse(current));
            } else if (m instanceof TestResultMessage r) {
                CollectedTest t = pending.remove(r.nodeId());
                TestId id = t != null ? t.id() : TestId.parse(r.nodeId());
                if (t == null) {
                    expandedSeen.put(id.baseId(), true);
                }
                sink.finished(new TestResult(id, r.outcome(), Duration.ofNanos(r.durationNs()), r.message(),
                        r.longrepr(), r.stdout(), joinErr(r.stderr(), r.log()), r.runtimeExpanded() || t == null,
                        r.fallbackReason()));
                current = null;
            } else if (m instanceof FileDone d) {
                if (d.ignored()) { // a conftest's computed collect_ignore: pytest would not collect the file
                    remaining.clear();
                    return new Attempt(true, null);
                }
                if (d.error() != null && !d.error().isEmpty()) {
                    sink.fileError(new CollectionError(file, d.errorLine(),
                            d.longrepr() == null || d.longrepr().isBlank() ? d.error() : d.error() + "\n" + d.longrepr()));
                } else {
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
                return new Attempt(true, null);
            } else if (m instanceof WorkerError e) {
                if (e.fatal()) {
                    w.kill();
                    return crashed(remaining, pending, current, w, "worker error: " + e.message(), expandedSeen);
                }
                sink.warning("worker " + name + ": " + e.message());
            }
        }
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

package dev.dxpy.core.engine;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.protocol.FileDone;
import dev.dxpy.core.protocol.Message;
import dev.dxpy.core.protocol.RunFile;
import dev.dxpy.core.protocol.TestRef;
import dev.dxpy.core.protocol.TestStarted;
import dev.dxpy.core.protocol.WorkerError;
import dev.dxpy.core.schedule.WorkerFactory;
import dev.dxpy.core.worker.WorkerEvent;
import dev.dxpy.core.worker.WorkerProcess;
import dev.dxpy.core.worker.WorkerStartException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Asks workers to list the tests of files by importing them ({@code RunFile} with {@code collect_only}): the
 * worker answers one {@code TestStarted} per test it would run, then {@code FileDone}. Runs no test.
 */
final class WorkerLister {

    /** What a worker said about one file; {@code failure} is set when no worker could answer. */
    record Listing(List<String> ids, boolean ignored, String error, int errorLine, String longrepr, String failure) {
    }

    private static final long FILE_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final WorkerFactory factory;
    private final int workers;

    WorkerLister(WorkerFactory factory, int workers) {
        this.factory = factory;
        this.workers = Math.max(1, workers);
    }

    /** Lists each file's tests (discovery's, with run-time parametrized ones to expand); blocks until done. */
    Map<String, Listing> list(Map<String, List<CollectedTest>> byFile) {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(byFile.keySet());
        Map<String, Listing> out = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < Math.min(workers, byFile.size()); i++) {
            String name = "collect-" + i;
            Thread t = new Thread(() -> drain(name, queue, byFile, out), "dxpy-" + name);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                threads.forEach(Thread::interrupt);
                break;
            }
        }
        return out;
    }

    private void drain(String name, ConcurrentLinkedQueue<String> queue, Map<String, List<CollectedTest>> byFile,
            Map<String, Listing> out) {
        WorkerProcess w = null;
        long request = 0;
        try {
            for (String file = queue.poll(); file != null; file = queue.poll()) {
                if (w == null || !w.isAlive()) {
                    try {
                        w = factory.start(name);
                    } catch (WorkerStartException e) {
                        out.put(file, failed("worker could not start: " + e.getMessage()));
                        continue;
                    }
                }
                List<TestRef> refs = new ArrayList<>();
                for (CollectedTest t : byFile.get(file)) {
                    refs.add(new TestRef(t.nodeId(), t.runtimeParametrized()));
                }
                Listing l = ask(w, ++request, file, refs);
                out.put(file, l);
                if (l.failure() != null) {
                    w.kill();
                    w = null;
                }
            }
        } finally {
            if (w != null) {
                w.close();
            }
        }
    }

    private static Listing ask(WorkerProcess w, long request, String file, List<TestRef> refs) {
        try {
            w.send(request, new RunFile(file, refs, true));
        } catch (IOException e) {
            return failed("cannot send to worker: " + e.getMessage());
        }
        List<String> ids = new ArrayList<>();
        long deadline = System.nanoTime() + FILE_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            WorkerEvent ev;
            try {
                ev = w.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed("interrupted");
            }
            if (ev == null) {
                continue;
            }
            if (ev instanceof WorkerEvent.Exited x) {
                return failed("the worker exited (code " + x.exitCode() + ") while importing the file");
            }
            Message m = ((WorkerEvent.Received) ev).frame().message();
            if (m instanceof TestStarted s) {
                ids.add(s.nodeId());
            } else if (m instanceof FileDone d) {
                return new Listing(List.copyOf(ids), d.ignored(), d.error(), d.errorLine(), d.longrepr(), null);
            } else if (m instanceof WorkerError e && e.fatal()) {
                return failed("worker error: " + e.message());
            }
        }
        return failed("the worker did not list the file's tests within 5 minutes");
    }

    private static Listing failed(String why) {
        return new Listing(List.of(), false, "", 0, "", why);
    }
}

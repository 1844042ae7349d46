package dev.dxpy.core.worker;

import dev.dxpy.core.fixture.FixtureKeys;
import dev.dxpy.core.protocol.Configure;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spare workers kept warm between runs in a long-lived process (the daemon). A spare has only said Hello
 * and imported its preloads (third-party modules, never project code), so a run that takes it still
 * imports the project's current source. Spares are keyed by everything that makes a worker reusable
 * (interpreter, worker files, working directory, environment, configuration); a run whose key differs
 * starts fresh workers. Disabled (no spares) unless {@link #enable()} was called.
 */
public final class WorkerPool {
    private static final WorkerPool SHARED = new WorkerPool();

    /** What makes two workers interchangeable. */
    record Key(Path python, Path files, Path workingDir, Map<String, String> environment, Configure configure,
            FixtureKeys fixtureKeys) {
        static Key of(WorkerSpec s) {
            return new Key(s.python(), s.files().dir(), s.workingDir(), s.environment(), s.configure(),
                    s.fixtureKeys());
        }
    }

    private final Map<Key, Deque<WorkerProcess>> spares = new HashMap<>();
    private volatile boolean enabled;

    public static WorkerPool shared() {
        return SHARED;
    }

    public void enable() {
        enabled = true;
    }

    public boolean enabled() {
        return enabled;
    }

    /** A live spare for {@code spec} if there is one, else a newly started worker. */
    public WorkerProcess take(WorkerSpec spec, String name) {
        Key key = Key.of(spec);
        synchronized (this) {
            Deque<WorkerProcess> q = spares.get(key);
            while (q != null && !q.isEmpty()) {
                WorkerProcess w = q.pollFirst();
                if (w.isAlive()) {
                    return w;
                }
            }
        }
        return WorkerProcess.start(spec, name);
    }

    /**
     * Starts spares for {@code spec} in the background until {@code count} are ready, and drops spares of any
     * other key (a changed configuration or environment makes them useless).
     */
    public void refill(WorkerSpec spec, int count) {
        if (!enabled) {
            return;
        }
        Key key = Key.of(spec);
        int missing;
        synchronized (this) {
            spares.entrySet().removeIf(e -> {
                if (!e.getKey().equals(key)) {
                    e.getValue().forEach(WorkerProcess::close);
                    return true;
                }
                return false;
            });
            Deque<WorkerProcess> q = spares.computeIfAbsent(key, k -> new ArrayDeque<>());
            q.removeIf(w -> !w.isAlive());
            missing = count - q.size();
        }
        for (int i = 0; i < missing; i++) {
            String name = "gw" + i;
            Thread t = new Thread(() -> {
                try {
                    WorkerProcess w = WorkerProcess.start(spec, name);
                    synchronized (this) {
                        if (!enabled) {
                            w.close();
                            return;
                        }
                        spares.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(w);
                    }
                } catch (WorkerStartException e) {
                    // the next run starts its workers itself and reports the problem
                }
            }, "dxpy-spare-" + i);
            t.setDaemon(true);
            t.start();
        }
    }

    /** How many spares are ready. */
    public synchronized int ready() {
        int n = 0;
        for (Deque<WorkerProcess> q : spares.values()) {
            n += (int) q.stream().filter(WorkerProcess::isAlive).count();
        }
        return n;
    }

    /** Shuts every spare down and keeps no more. */
    public void closeAll() {
        List<WorkerProcess> all;
        synchronized (this) {
            enabled = false;
            all = spares.values().stream().flatMap(Deque::stream).toList();
            spares.clear();
        }
        all.forEach(WorkerProcess::close);
    }
}

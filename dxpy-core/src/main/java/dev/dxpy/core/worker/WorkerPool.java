package dev.dxpy.core.worker;

import dev.dxpy.core.fixture.FixtureKeys;
import dev.dxpy.core.protocol.Configure;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spare workers kept warm between runs in a long-lived process (the daemon, watch mode). A spare has only
 * said Hello and imported its preloads (third-party modules, never project code: the worker skips any
 * module that resolves inside the rootdir), so a run that takes it still imports the project's current
 * source. A worker that ran tests is never given back: runs close their workers, and spares are always
 * freshly started.
 *
 * <p>Spares are keyed by everything that makes a worker reusable (interpreter, worker files, working
 * directory, environment (a daemon's runs: the client's), configuration other than the preload list); a run whose key differs starts
 * fresh workers. Within a key, a spare serves a run when it preloaded at least the run's modules, and
 * refills preload the union of the modules runs of that key asked for so far: runs that select different
 * test files (watch cycles) all find spares. Disabled (no spares) unless {@link #enable()} was called.
 */
public final class WorkerPool {
    private static final WorkerPool SHARED = new WorkerPool();

    /** What makes two workers interchangeable, apart from the modules they preloaded. */
    record Key(Path python, Path files, Path workingDir, Map<String, String> environment, boolean wholeEnvironment,
            Configure configure, FixtureKeys fixtureKeys) {
        static Key of(WorkerSpec s) {
            return new Key(s.python(), s.files().dir(), s.workingDir(), s.environment(), s.wholeEnvironment(),
                    s.configure().withPreload(List.of()), s.fixtureKeys());
        }
    }

    private record Spare(WorkerProcess worker, Set<String> preloaded) {
        boolean serves(WorkerSpec spec) {
            return preloaded.containsAll(spec.configure().preload());
        }
    }

    private final Map<Key, Deque<Spare>> spares = new HashMap<>();
    private final Map<Key, Set<String>> wanted = new HashMap<>();
    private final Map<Key, Integer> starting = new HashMap<>();
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

    /** A live spare for {@code spec} (same key, at least its preloads) if there is one, else a newly started worker. */
    public WorkerProcess take(WorkerSpec spec, String name) {
        Key key = Key.of(spec);
        synchronized (this) {
            Deque<Spare> q = spares.get(key);
            if (q != null) {
                for (Iterator<Spare> it = q.iterator(); it.hasNext(); ) {
                    Spare s = it.next();
                    if (!s.worker().isAlive()) {
                        it.remove();
                    } else if (s.serves(spec)) {
                        it.remove();
                        return s.worker();
                    }
                }
            }
        }
        return WorkerProcess.start(spec, name);
    }

    /**
     * Starts spares for {@code spec} in the background until {@code count} are ready, preloading the union
     * of this spec's modules and those earlier refills of its key asked for; drops spares of any other key
     * (a changed configuration or environment makes them useless) and spares that lack a wanted module.
     */
    public void refill(WorkerSpec spec, int count) {
        if (!enabled) {
            return;
        }
        Key key = Key.of(spec);
        WorkerSpec full;
        int missing;
        List<WorkerProcess> dropped = new java.util.ArrayList<>();
        synchronized (this) {
            spares.entrySet().removeIf(e -> {
                if (!e.getKey().equals(key)) {
                    e.getValue().forEach(s -> dropped.add(s.worker()));
                    return true;
                }
                return false;
            });
            wanted.keySet().retainAll(Set.of(key));
            starting.keySet().retainAll(Set.of(key)); // spares of another key still starting are closed when ready
            Set<String> modules = wanted.computeIfAbsent(key, k -> new LinkedHashSet<>());
            modules.addAll(spec.configure().preload());
            full = spec.withConfigure(spec.configure().withPreload(List.copyOf(modules)));
            Deque<Spare> q = spares.computeIfAbsent(key, k -> new ArrayDeque<>());
            q.removeIf(s -> {
                if (!s.worker().isAlive() || !s.serves(full)) {
                    dropped.add(s.worker());
                    return true;
                }
                return false;
            });
            missing = count - q.size() - starting.getOrDefault(key, 0);
            starting.merge(key, Math.max(0, missing), Integer::sum);
        }
        dropped.forEach(WorkerProcess::close);
        Set<String> preloaded = Set.copyOf(full.configure().preload());
        for (int i = 0; i < missing; i++) {
            String name = "gw" + i;
            Thread t = new Thread(() -> {
                try {
                    WorkerProcess w = WorkerProcess.start(full, name);
                    synchronized (this) {
                        if (!enabled || !wanted.containsKey(key)) { // closed, or another key took over meanwhile
                            w.close();
                            return;
                        }
                        spares.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Spare(w, preloaded));
                    }
                } catch (WorkerStartException e) {
                    // the next run starts its workers itself and reports the problem
                } finally {
                    synchronized (this) {
                        starting.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
                    }
                }
            }, "dxpy-spare-" + i);
            t.setDaemon(true);
            t.start();
        }
    }

    /** How many spares are ready. */
    public synchronized int ready() {
        int n = 0;
        for (Deque<Spare> q : spares.values()) {
            n += (int) q.stream().filter(s -> s.worker().isAlive()).count();
        }
        return n;
    }

    /** Shuts every spare down and keeps no more. */
    public void closeAll() {
        List<WorkerProcess> all;
        synchronized (this) {
            enabled = false;
            all = spares.values().stream().flatMap(Deque::stream).map(Spare::worker).toList();
            spares.clear();
            wanted.clear();
            starting.clear();
        }
        all.forEach(WorkerProcess::close);
    }
}

package dev.dxpy.core.worker;

import dev.dxpy.core.fixture.FixtureKeys;
import dev.dxpy.core.protocol.Collected;
import dev.dxpy.core.protocol.Configure;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

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
 *
 * <p>With {@link #enableCollectAhead()} (the daemon) a refill also gives its spares the run's test files to
 * import and collect while they wait (Configure's {@code collect_ahead}, see the worker's {@code ahead.py}): a
 * run then only runs tests. Such a spare serves only a run of the same files, and only when every file and
 * directory its collection read is unchanged ({@link FileStamps}); otherwise it is closed and the run starts
 * a fresh worker, so no run sees stale code.
 */
public final class WorkerPool {
    private static final WorkerPool SHARED = new WorkerPool();

    /** What makes two workers interchangeable, apart from the modules they preloaded. */
    record Key(Path python, Path files, Path workingDir, Map<String, String> environment, boolean wholeEnvironment,
            Configure configure, FixtureKeys fixtureKeys) {
        static Key of(WorkerSpec s) {
            return new Key(s.python(), s.files().dir(), s.workingDir(), s.environment(), s.wholeEnvironment(),
                    s.configure().withPreload(List.of()).withCollectAhead(List.of()), s.fixtureKeys());
        }
    }

    /** A spare: the modules it preloaded, the test files it collected ahead (none: a plain spare). */
    private record Spare(WorkerProcess worker, Set<String> preloaded, List<String> ahead) {
        boolean serves(WorkerSpec spec, List<String> files) {
            return preloaded.containsAll(spec.configure().preload()) && (ahead.isEmpty() || ahead.equals(files));
        }
    }

    private final Map<Key, Deque<Spare>> spares = new HashMap<>();
    private final Map<Key, Set<String>> wanted = new HashMap<>();
    private final Map<Key, Integer> starting = new HashMap<>();
    /** Spares launched and not yet ready: {@link #closeAll} kills them rather than leave them to close when ready. */
    private final Set<WorkerProcess> launching = new HashSet<>(); // guarded by this
    /** Held while a spare's process is launched and registered in {@link #launching}; taken before this. */
    private final Object launchLock = new Object();
    private volatile boolean enabled;
    private volatile boolean collectAhead;
    private boolean deferRefills; // guarded by this
    private Runnable deferredRefill; // guarded by this
    /** Spares that collected ahead: given to a run, and closed because something they read had changed. */
    private final AtomicInteger aheadUsed = new AtomicInteger();
    private final AtomicInteger aheadStale = new AtomicInteger();
    private volatile String lastChange = "";

    public static WorkerPool shared() {
        return SHARED;
    }

    public void enable() {
        enabled = true;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Refills also collect the run's test files ahead (see the class comment). */
    public void enableCollectAhead() {
        collectAhead = true;
        aheadUsed.set(0);
        aheadStale.set(0);
        lastChange = "";
    }

    /** Whether refills collect ahead: then runs pass their files to {@link #take} and {@link #refill}. */
    public boolean collectsAhead() {
        return collectAhead;
    }

    /** A live spare for {@code spec} (same key, at least its preloads) if there is one, else a newly started worker. */
    public WorkerProcess take(WorkerSpec spec, String name) {
        return take(spec, name, List.of(), 0);
    }

    /**
     * A live spare for {@code spec} and a run of these test {@code files} if there is one, else a newly started
     * worker. A spare that collected ahead serves only the same files, once its Collected frame came (waited
     * for at most {@code waitMs}, 0: as long as it lives) and every stamp in it still holds; a spare that
     * collected other files is closed.
     */
    public WorkerProcess take(WorkerSpec spec, String name, List<String> files, long waitMs) {
        Key key = Key.of(spec);
        while (true) {
            Spare found = null;
            List<WorkerProcess> dropped = new java.util.ArrayList<>();
            synchronized (this) {
                Deque<Spare> q = spares.get(key);
                if (q != null) {
                    for (Iterator<Spare> it = q.iterator(); it.hasNext() && found == null; ) {
                        Spare s = it.next();
                        if (!s.worker().isAlive()) {
                            it.remove();
                        } else if (s.serves(spec, files)) {
                            it.remove();
                            found = s;
                        } else if (!s.ahead().isEmpty() && s.preloaded().containsAll(spec.configure().preload())) {
                            it.remove(); // imported other test files: no use to a run of these
                            dropped.add(s.worker());
                        }
                    }
                }
            }
            // killed, not closed: they ran no test (nothing to tear down), and a close waits for a spare still
            // importing to finish its file, on this run's path to its first test
            dropped.forEach(WorkerProcess::kill);
            if (found == null) {
                return WorkerProcess.start(spec, name);
            }
            if (found.ahead().isEmpty() || fresh(found.worker(), waitMs)) {
                if (!found.ahead().isEmpty()) {
                    aheadUsed.incrementAndGet();
                }
                return found.worker();
            }
            aheadStale.incrementAndGet();
            found.worker().kill();
        }
    }

    /** Whether a spare that collected ahead did so and read nothing that changed since. */
    private boolean fresh(WorkerProcess w, long waitMs) {
        try {
            Collected c = w.collected(waitMs);
            if (c == null || !w.isAlive()) {
                lastChange = "the spare exited or did not finish collecting";
                return false;
            }
            var changed = FileStamps.firstChanged(c);
            if (changed != null) {
                lastChange = changed.path().isEmpty() ? "the spare could not collect" : changed.path() + " changed";
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts spares for {@code spec} in the background until {@code count} are ready, preloading the union
     * of this spec's modules and those earlier refills of its key asked for; drops spares of any other key
     * (a changed configuration or environment makes them useless) and spares that lack a wanted module.
     */
    public void refill(WorkerSpec spec, int count) {
        refill(spec, count, List.of());
    }

    /**
     * {@link #refill(WorkerSpec, int)}; when the pool collects ahead, the new spares also import and collect
     * these test {@code files} (the run's, in collection order), and spares that collected other files are dropped.
     */
    public void refill(WorkerSpec spec, int count, List<String> files) {
        if (!enabled) {
            return;
        }
        synchronized (this) {
            if (deferRefills) {
                deferredRefill = () -> refillNow(spec, count, files);
                return;
            }
        }
        refillNow(spec, count, files);
    }

    /**
     * Makes {@link #refill} wait for {@link #startDeferredRefill()} (the daemon: a run's new spares start once
     * its client has the exit code, so that their start, a few tenths of a second of CPU on every core,
     * does not slow the end of the run: its report and its bookkeeping).
     */
    public synchronized void deferRefills() {
        deferRefills = true;
    }

    /** Starts the spares the last {@link #refill} asked for while refills are deferred; nothing when none waits. */
    public void startDeferredRefill() {
        Runnable r;
        synchronized (this) {
            r = deferredRefill;
            deferredRefill = null;
        }
        if (r != null) {
            r.run();
        }
    }

    private void refillNow(WorkerSpec spec, int count, List<String> files) {
        Key key = Key.of(spec);
        WorkerSpec full;
        List<String> ahead = collectAhead ? List.copyOf(files) : List.of();
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
            full = spec.withConfigure(spec.configure().withPreload(List.copyOf(modules)).withCollectAhead(ahead));
            Deque<Spare> q = spares.computeIfAbsent(key, k -> new ArrayDeque<>());
            q.removeIf(s -> {
                if (!s.worker().isAlive() || !s.serves(full, ahead) || !s.ahead().equals(ahead)) {
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
                    WorkerProcess w;
                    synchronized (launchLock) { // closeAll finds the process registered, or none launched
                        synchronized (this) {
                            if (!enabled || !wanted.containsKey(key)) {
                                return;
                            }
                        }
                        w = WorkerProcess.launch(full, name);
                        synchronized (this) {
                            launching.add(w);
                        }
                    }
                    w.configure(full); // a WorkerStartException when closeAll killed it meanwhile
                    boolean keep;
                    synchronized (this) {
                        keep = launching.remove(w) && enabled && wanted.containsKey(key);
                        if (keep) {
                            spares.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Spare(w, preloaded, ahead));
                        }
                    }
                    if (!keep) { // closed, or another key took over meanwhile
                        w.close();
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

    /**
     * What collecting ahead did so far: spares that served a run with what they collected, and spares closed
     * instead because something they read had changed (with the last such change), for {@code dx-py daemon status}.
     */
    public String collectAheadStatus() {
        String last = lastChange;
        return aheadUsed.get() + " spares used, " + aheadStale.get() + " stale"
                + (last.isEmpty() ? "" : " (last: " + last + ")");
    }

    /** How many spares have collected ahead (their Collected frame came). */
    public synchronized int collected() {
        int n = 0;
        for (Deque<Spare> q : spares.values()) {
            n += (int) q.stream().filter(s -> !s.ahead().isEmpty() && s.worker().hasCollected()).count();
        }
        return n;
    }

    /** How many spares are ready. */
    public synchronized int ready() {
        int n = 0;
        for (Deque<Spare> q : spares.values()) {
            n += (int) q.stream().filter(s -> s.worker().isAlive()).count();
        }
        return n;
    }

    /** Shuts every spare down and keeps no more (nor collects ahead or defers refills, until told again). */
    public void closeAll() {
        List<WorkerProcess> all;
        List<WorkerProcess> unready;
        synchronized (this) {
            enabled = false;
            collectAhead = false;
            deferRefills = false;
            deferredRefill = null;
            all = spares.values().stream().flatMap(Deque::stream).map(Spare::worker).toList();
            spares.clear();
            wanted.clear();
            starting.clear();
        }
        synchronized (launchLock) { // a launch under way ends first: its process is then in launching
            synchronized (this) {
                unready = List.copyOf(launching);
                launching.clear();
            }
        }
        unready.forEach(WorkerProcess::kill); // nothing ran in them: no graceful shutdown to wait for
        all.forEach(WorkerProcess::close);
    }
}

package dev.dxpy.core.engine;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.DxpyException;
import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.api.WorkerCollection;
import dev.dxpy.core.config.ProjectConfig;
import dev.dxpy.core.discovery.Discoverer;
import dev.dxpy.core.discovery.DiscoveryResult;
import dev.dxpy.core.fixture.FixtureKeys;
import dev.dxpy.core.index.TestIndex;
import dev.dxpy.core.io.CacheSweep;
import dev.dxpy.core.protocol.Configure;
import dev.dxpy.core.protocol.Hello;
import dev.dxpy.core.schedule.DurationStore;
import dev.dxpy.core.schedule.FileTask;
import dev.dxpy.core.schedule.ResultSink;
import dev.dxpy.core.schedule.WorkStealingScheduler;
import dev.dxpy.core.schedule.WorkerFactory;
import dev.dxpy.core.select.KeywordExpression;
import dev.dxpy.core.select.MarkExpression;
import dev.dxpy.core.snapshot.SnapshotLedger;
import dev.dxpy.core.treesitter.SyntaxTree;
import dev.dxpy.core.worker.PreloadModules;
import dev.dxpy.core.worker.PythonInterpreter;
import dev.dxpy.core.worker.WorkerFiles;
import dev.dxpy.core.worker.WorkerPool;
import dev.dxpy.core.worker.WorkerProcess;
import dev.dxpy.core.worker.WorkerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The engine: discovery in the JVM, then the selected tests on Python workers, file by file. */
public final class DxEngine implements Engine {
    private final EngineConfig config;
    private ChangeSelector selector;
    /** Set by {@link #keepWorkersWarm()} (and on engines derived from it): refill spares for every worker. */
    private boolean warm;
    /** With {@link #warm}: spares are kept for this many runs. */
    private int spareRuns = 1;
    /** Set by {@link #keepWorkersWarm()} when it enabled the shared pool: {@link #close()} stops the spares. */
    private boolean ownsSpares;
    /** True only inside {@link #keepWorkersWarm()}: {@link #run} stops once the worker spec is known. */
    private boolean warmUpOnly;

    public DxEngine(EngineConfig config) {
        this.config = config;
    }

    @Override
    public Collection collect(RunListener listener) {
        Collection c = discover(listener).collection();
        listener.collectionFinished(c);
        return c;
    }

    /**
     * A run keeps its records (durations, snapshot use, the import graph) in the cache directory: one that
     * cannot be a directory stops the run before any test starts, with a message naming it (discovery only
     * warns, as it can do without its index).
     */
    private void requireCacheDir(ProjectConfig project) {
        Path dir = cacheDir(project);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DxpyException("cannot use the cache directory " + dir + " (" + e + "): dx-py keeps its index, "
                    + "import graph, durations and snapshot records there; move what is in the way or make it writable");
        }
    }

    /** The cache directory: the configured one, else {@code .dxpy} under the rootdir. */
    private Path cacheDir(ProjectConfig project) {
        return config.cacheDir() != null ? config.cacheDir() : project.rootdir().resolve(".dxpy");
    }

    /**
     * {@code -m}: the command line's, else the one in {@code addopts} (pytest puts addopts before the command
     * line's arguments, and the last {@code -m} wins).
     */
    private String markers(ProjectConfig project) {
        return config.markers() != null ? config.markers() : project.addoptsValue("-m");
    }

    /** {@code -k}: the command line's, else the one in {@code addopts}. */
    private String keyword(ProjectConfig project) {
        return config.keyword() != null ? config.keyword() : project.addoptsValue("-k");
    }

    /** Discovery with -k/-m applied; the imports still cover every file read (for preloading). */
    private DiscoveryResult discover(RunListener listener) {
        ProjectConfig project = ProjectConfig.load(config.invocationDir(), config.args(), config.rootDir());
        String markers = markers(project);
        String keywords = keyword(project);
        MarkExpression markexpr = markers == null ? null : MarkExpression.parse(markers);
        KeywordExpression keyword = keywords == null ? null : KeywordExpression.parse(keywords);
        Path cacheDir = cacheDir(project);
        Path index = config.useIndex() ? cacheDir.resolve("index.dxti") : null;
        selector = new ChangeSelector(config, project, cacheDir);
        List<String> args = config.args();
        if (selector.active()) {
            args = selector.targets(listener);
            if (args.isEmpty()) {
                return new DiscoveryResult(new Collection(List.of(), List.of(), 0, 0, Duration.ZERO), Map.of(), Map.of());
            }
        }
        selector.noteLastFailedFallback(listener);
        DiscoveryResult found = new Discoverer().discover(project, args, config.invocationDir(), index,
                listener::warning);
        Collection all = found.collection();
        if (keyword == null && markexpr == null) {
            return found;
        }
        List<CollectedTest> kept = new ArrayList<>();
        for (CollectedTest t : all.tests()) {
            // a test expanded at run time may match -k only by its parameter ids: kept, its results are filtered
            if ((keyword == null || t.runtimeParametrized() || keyword.matches(t.id(), t.marks()))
                    && (markexpr == null || markexpr.matches(t.marks()))) {
                kept.add(t);
            }
        }
        return new DiscoveryResult(new Collection(kept, all.errors(), all.filesParsed(), all.filesFromIndex(),
                all.duration()), found.imports(), found.mentionsCache());
    }

    @Override
    public RunResult run(RunListener listener) {
        try (EarlyWorkers early = WorkerPool.shared().enabled() ? EarlyWorkers.none()
                : EarlyWorkers.prestartedOrLaunch(config, config.workers() > 0 ? config.workers() : Runtime.getRuntime().availableProcessors())) {
            return run(listener, early);
        }
    }

    private RunResult run(RunListener listener, EarlyWorkers early) {
        long start = System.nanoTime();
        DiscoveryResult found = discover(listener);
        Collection c = found.collection();
        listener.collectionFinished(c);
        if (warmUpOnly && c.tests().isEmpty()) {
            return null;
        }
        List<TestResult> results = new ArrayList<>();
        List<CollectionError> errors = new ArrayList<>(c.errors());
        boolean completed = true;
        Map<String, String> environment = new ConcurrentHashMap<>();
        Runnable recordDurations = () -> { };
        Runnable workersExited = () -> { };
        ObsoleteSnapshots obsolete = null;
        if (!c.tests().isEmpty()) {
            ProjectConfig project = ProjectConfig.load(config.invocationDir(), config.args(), config.rootDir());
            requireCacheDir(project);
            WorkerSpec spec = workerSpec(project, found);
            PreloadHint.remember(WorkerFiles.defaultCacheRoot(), config.invocationDir(), spec.configure());
            int workers = config.workers() > 0 ? config.workers() : Runtime.getRuntime().availableProcessors();
            Map<String, List<CollectedTest>> byFile = new LinkedHashMap<>();
            for (CollectedTest t : c.tests()) {
                byFile.computeIfAbsent(t.id().file(), f -> new ArrayList<>()).add(t);
            }
            List<String> files = List.copyOf(byFile.keySet()); // in collection order: spares collect ahead in it
            if (warmUpOnly) { // keepWorkersWarm(): spares preloaded for the whole selection, no test runs
                WorkerPool.shared().refill(spec, workers * spareRuns, files);
                return null;
            }
            List<FileTask> tasks = new ArrayList<>();
            Set<String> failedFirst = selector.failedFiles();
            byFile.forEach((f, ts) -> {
                if (failedFirst.contains(f)) {
                    tasks.add(new FileTask(f, ts));
                }
            });
            byFile.forEach((f, ts) -> {
                if (!failedFirst.contains(f)) {
                    tasks.add(new FileTask(f, ts));
                }
            });
            new SnapshotLedger(project.rootdir()).reset();
            // obsolete snapshots mean something only after a full run: not after a selection by path, change,
            // failure or -k/-m (also from addopts). The project's snapshots are listed while the tests run.
            if (config.args().isEmpty() && !selector.active() && keyword(project) == null && markers(project) == null) {
                obsolete = ObsoleteSnapshots.listInBackground(project.rootdir());
            }
            Sink sink = new Sink(listener, results, errors, expandedKeywordFilter(c, project));
            environment.put("dxpy.workers", Integer.toString(Math.min(workers, tasks.size())));
            environment.put("dxpy.treesitter", SyntaxTree.backend()); // "dxpy" or why not
            Path cacheDir = cacheDir(project);
            DurationStore durations = DurationStore.load(cacheDir.resolve("durations"));
            WorkerPool pool = WorkerPool.shared(); // enabled in the daemon: spares started after the last run
            // a spare still collecting ahead is waited for (it is ahead of any new worker), but under --timeout no
            // longer than a test may take: an import that hangs is then met again by a new worker, and reported
            long timeoutMs = spec.configure().timeoutMs();
            WorkerFactory factory = name -> {
                WorkerProcess w = pool.enabled() ? pool.take(spec, name, files, timeoutMs) : early.take(name, spec);
                if (w == null) {
                    w = WorkerProcess.start(spec, name);
                }
                Hello hello = w.hello();
                if (hello != null) {
                    environment.putIfAbsent("python.version", hello.pythonVersion());
                    environment.putIfAbsent("python.implementation", hello.implementation());
                }
                return w;
            };
            WorkStealingScheduler scheduler = new WorkStealingScheduler(workers, factory, config.timeout(),
                    durations.byFile(), failedFirst).closeInBackground();
            workersExited = scheduler::awaitClosed;
            completed = scheduler.run(tasks, sink);
            if (completed || !warm) { // a cancelled watch run leaves the refill to the run after it: no CPU taken from it
                pool.refill(spec, warm ? workers * spareRuns : Math.min(workers, tasks.size()), files);
            }
            if (completed) {
                recordDurations = () -> durations.record(results);
            }
        }
        if (completed && obsolete != null) {
            obsolete.report(config.environment(), listener, workersExited);
        }
        sortInCollectionOrder(results, c);
        errors.sort(Comparator.comparing(CollectionError::file));
        RunResult r = new RunResult(results, errors, Duration.ofNanos(System.nanoTime() - start), !completed,
                new TreeMap<>(environment));
        Runnable recordHistory = config.useIndex() && completed ? selector.record(c, results, errors, listener) : () -> { };
        try {
            listener.runFinished(r);
        } finally { // files the next run reads, nothing printed: written after the report, before the next run starts
            recordHistory.run();
            recordDurations.run();
            workersExited.run(); // no worker outlives the run
        }
        return r;
    }

    /** When due (CacheSweep: at most once a day), old entries of the user cache go, in the background. */
    private static void sweepCacheWhenDue(WorkerFiles files) {
        Path root = WorkerFiles.defaultCacheRoot();
        Instant now = Instant.now();
        if (!CacheSweep.due(root, now)) {
            return;
        }
        Set<Path> keep = new HashSet<>();
        keep.add(files.dir().toAbsolutePath().normalize());
        Path lib = SyntaxTree.nativeLibrary();
        if (lib != null) {
            keep.add(lib);
        }
        Thread t = new Thread(() -> CacheSweep.maybeSweep(root, now, keep), "dxpy-cache-sweep");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** How this run's workers are made: interpreter, worker files, configuration, environment. */
    private WorkerSpec workerSpec(ProjectConfig project, DiscoveryResult found) {
        Path python = PythonInterpreter.resolve(config.python(), searchPath(config));
        WorkerFiles files = WorkerFiles.extract(WorkerFiles.defaultCacheRoot());
        sweepCacheWhenDue(files);
        long timeoutMs = config.timeout() == null ? 0 : config.timeout().toMillis();
        List<String> sysPath = new ArrayList<>();
        List<Path> searchDirs = new ArrayList<>();
        for (String p : project.pythonpath()) { // pytest's `pythonpath` ini option, relative to the rootdir
            searchDirs.add(project.rootdir().resolve(p).normalize());
            sysPath.add(searchDirs.get(searchDirs.size() - 1).toString());
        }
        List<String> preload = PreloadModules.compute(found.imports(), project.rootdir(), searchDirs,
                config.preload());
        Configure configure = new Configure(project.rootdir().toString(), project.pythonFiles(),
                project.pythonClasses(), project.pythonFunctions(), sysPath, preload, timeoutMs);
        Map<String, String> environment = workerEnvironment(config);
        if (project.importMode() != null) { // pytest's --import-mode from addopts; the worker reads it at Configure
            environment = new HashMap<>(environment);
            environment.put("DXPY_IMPORT_MODE", project.importMode());
        }
        FixtureKeys fixtureKeys = FixtureKeys.compute(project.rootdir(), searchDirs, found.imports().keySet(),
                found.mentionsCache());
        return new WorkerSpec(python, files, config.invocationDir(), environment, configure, fixtureKeys,
                config.clientEnvironment() != null);
    }

    /** The workers' environment: the configured variables, over the client's whole environment when given. */
    static Map<String, String> workerEnvironment(EngineConfig config) {
        if (config.clientEnvironment() == null) {
            return config.environment();
        }
        Map<String, String> env = new HashMap<>(config.clientEnvironment());
        env.putAll(config.environment());
        return env;
    }

    /** Where the interpreter is looked up: the client's PATH when the workers get the client's environment. */
    static String searchPath(EngineConfig config) {
        Map<String, String> client = config.clientEnvironment();
        return client != null && client.containsKey("PATH") ? client.get("PATH") : System.getenv("PATH");
    }

    @Override
    public WorkerCollection collectWithWorkers(RunListener listener) {
        DiscoveryResult found = discover(listener);
        Collection c = found.collection();
        ProjectConfig project = ProjectConfig.load(config.invocationDir(), config.args(), config.rootDir());
        Map<String, List<CollectedTest>> byFile = new LinkedHashMap<>();
        for (CollectedTest t : c.tests()) {
            byFile.computeIfAbsent(t.id().file(), f -> new ArrayList<>()).add(t);
        }
        Map<String, String> why = new LinkedHashMap<>();
        for (CollectedTest t : c.tests()) {
            if (t.runtimeParametrized()) {
                why.merge(t.id().file(), t.isDoctests() ? "doctests" : "run-time parametrization", DxEngine::both);
            }
        }
        for (String f : Discoverer.ignoreComputed(project.rootdir(), byFile.keySet())) {
            why.merge(f, "collect_ignore computed by a conftest", DxEngine::both);
        }
        if (why.isEmpty()) {
            listener.collectionFinished(c);
            return new WorkerCollection(c, Map.of(), Map.of());
        }
        WorkerSpec spec = workerSpec(project, found);
        int workers = config.workers() > 0 ? config.workers() : Runtime.getRuntime().availableProcessors();
        Map<String, List<CollectedTest>> asked = new LinkedHashMap<>();
        why.keySet().forEach(f -> asked.put(f, byFile.get(f)));
        String keywords = keyword(project);
        KeywordExpression keyword = keywords == null ? null : KeywordExpression.parse(keywords);
        Map<String, WorkerLister.Listing> listings = new WorkerLister(name -> WorkerProcess.start(spec, name), workers)
                .list(asked);
        WorkerCollection exact = WorkerListings.merge(c, byFile, why, listings, keyword, listener::warning);
        listener.collectionFinished(exact.collection());
        return exact;
    }

    private static String both(String a, String b) {
        return a.equals(b) ? a : a + ", " + b;
    }

    /**
     * Orders results as their tests were collected: a worker's expanded results (run-time parametrization,
     * doctests) at their base test's place, in arrival order among themselves; a result of no collected test last.
     */
    static void sortInCollectionOrder(List<TestResult> results, Collection c) {
        // a result of a collected test carries that test's TestId object: found by identity, no id strings built
        Map<TestId, Integer> byIdentity = new IdentityHashMap<>(c.tests().size() * 2);
        int i = 0;
        for (CollectedTest t : c.tests()) {
            byIdentity.putIfAbsent(t.id(), i++);
        }
        Map<String, Integer> byNodeId = null; // run-time expanded and doctest results: by node id, built when needed
        // each result's key computed once, then a stable sort by it: ties keep arrival order
        long[] keyed = new long[results.size()];
        for (int k = 0; k < keyed.length; k++) {
            TestId id = results.get(k).id();
            Integer pos = byIdentity.get(id);
            if (pos == null) {
                if (byNodeId == null) {
                    byNodeId = positionsById(c);
                }
                pos = position(byNodeId, id);
                if (pos == null) {
                    pos = Integer.MAX_VALUE;
                }
            }
            keyed[k] = ((long) pos << 32) | k;
        }
        Arrays.sort(keyed);
        List<TestResult> sorted = new ArrayList<>(keyed.length);
        for (long key : keyed) {
            sorted.add(results.get((int) key));
        }
        results.clear();
        results.addAll(sorted);
    }

    /** Collection positions by node id (and base id, for a parametrized test; node ids are built once a TestId). */
    private static Map<String, Integer> positionsById(Collection c) {
        Map<String, Integer> byNodeId = new HashMap<>();
        int j = 0;
        for (CollectedTest t : c.tests()) {
            byNodeId.putIfAbsent(t.id().nodeId(), j);
            if (t.id().paramId() != null) {
                byNodeId.putIfAbsent(t.id().baseId(), j);
            }
            j++;
        }
        return byNodeId;
    }

    /** The position of the collected test a result id comes from: itself, its base test, or its file's doctests. */
    private static Integer position(Map<String, Integer> byNodeId, TestId id) {
        Integer pos = byNodeId.get(id.nodeId());
        if (pos == null && id.paramId() != null) {
            pos = byNodeId.get(id.baseId());
        }
        return pos != null ? pos : byNodeId.get(id.file() + "::" + CollectedTest.DOCTESTS);
    }

    @Override
    public Path rootdir() {
        return ProjectConfig.load(config.invocationDir(), config.args(), config.rootDir()).rootdir();
    }

    @Override
    public RunResult runAffected(Set<Path> changedFiles, RunListener listener) {
        return derived(config.toBuilder().args(List.of()).affectedBy(List.copyOf(changedFiles)).changed(false)
                .lastFailed(false).build()).run(listener);
    }

    @Override
    public RunResult runLastFailed(RunListener listener) {
        return derived(config.toBuilder().args(List.of()).affectedBy(null).changed(false).lastFailed(true).build())
                .run(listener);
    }

    /** An engine for another selection of the same project, refilling this one's warm spares (closing it keeps them). */
    private DxEngine derived(EngineConfig other) {
        DxEngine e = new DxEngine(other);
        e.warm = warm;
        e.spareRuns = spareRuns;
        return e;
    }

    @Override
    public void keepWorkersWarm() {
        keepWorkersWarm(1);
    }

    @Override
    public void keepWorkersWarm(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("spares for at least one run, got " + runs);
        }
        spareRuns = runs;
        warm = true;
        ownsSpares = !WorkerPool.shared().enabled(); // inside the daemon the pool is the daemon's
        WorkerPool.shared().enable();
        warmUpOnly = true;
        try {
            run(RunListener.NONE);
        } finally {
            warmUpOnly = false;
        }
    }

    @Override
    public void close() {
        TestIndex.awaitWrites(); // discovery writes the index in the background
        if (ownsSpares) { // the spares this engine kept: no worker outlives it
            WorkerPool.shared().closeAll();
        }
    }

    /** For -k: whether a result of a test expanded at run time is selected (its id is known only now). */
    private java.util.function.Predicate<TestResult> expandedKeywordFilter(Collection c, ProjectConfig project) {
        String keywords = keyword(project);
        if (keywords == null) {
            return r -> true;
        }
        KeywordExpression keyword = KeywordExpression.parse(keywords);
        Map<String, Set<String>> marks = new HashMap<>();
        c.tests().forEach(t -> marks.putIfAbsent(t.id().baseId(), t.marks()));
        return r -> !r.runtimeExpanded() || keyword.matches(r.id(), marks.getOrDefault(r.id().baseId(), Set.of()));
    }

    /** Serializes worker threads' events into the listener and the result lists. */
    private static final class Sink implements ResultSink {
        private final RunListener listener;
        private final List<TestResult> results;
        private final List<CollectionError> errors;

        private final java.util.function.Predicate<TestResult> selected;

        Sink(RunListener listener, List<TestResult> results, List<CollectionError> errors,
                java.util.function.Predicate<TestResult> selected) {
            this.listener = listener;
            this.results = results;
            this.errors = errors;
            this.selected = selected;
        }

        @Override
        public synchronized void started(TestId id) {
            listener.testStarted(id);
        }

        @Override
        public synchronized void finished(TestResult result) {
            if (!selected.test(result)) {
                return; // deselected by -k once its run-time parameters were known
            }
            results.add(result);
            listener.testFinished(result);
        }

        @Override
        public synchronized void fileError(CollectionError error) {
            errors.add(error); // shown in the reports' ERRORS block at the end
        }

        @Override
        public synchronized void warning(String message) {
            listener.warning(message);
        }
    }
}

package dev.dxpy.core.engine;

import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.worker.PythonInterpreter;
import dev.dxpy.core.worker.WorkerFiles;
import dev.dxpy.core.worker.WorkerProcess;
import dev.dxpy.core.worker.WorkerSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Workers launched before discovery, so that their interpreters start (and import the worker and, with a
 * {@link PreloadHint} from the last run started in the same directory, pytest and the suite's other preloads)
 * while the engine discovers the tests; each is configured when its slot first needs it, with the
 * configuration discovery produced. Launched as {@code gw0..gwN-1}, the names the scheduler's slots use.
 * Those no slot takes are killed by {@link #close}. Best effort: anything that stops a launch here
 * (no interpreter, no worker files) leaves the normal start to report it.
 */
final class EarlyWorkers implements AutoCloseable {

    private final WorkerSpec spec;
    /** What the workers imported before their Configure, from the last run in the directory; null: nothing. */
    private final PreloadHint hint;
    private final Map<String, WorkerProcess> byName = new ConcurrentHashMap<>();

    private EarlyWorkers(WorkerSpec spec, PreloadHint hint) {
        this.spec = spec;
        this.hint = hint;
    }

    /** Workers {@link #prestart}ed for the next run of this JVM, launched in the background; null if none. */
    private static final AtomicReference<Future<EarlyWorkers>> PRESTARTED = new AtomicReference<>();

    /**
     * Launches {@code count} workers for {@code provisional} on a background thread (the caller goes on parsing
     * its arguments meanwhile); the next {@link #prestartedOrLaunch} takes them. A second prestart kills the
     * first one's workers.
     */
    static void prestart(EngineConfig provisional, int count) {
        FutureTask<EarlyWorkers> task = new FutureTask<>(() -> launch(provisional, count));
        Thread t = new Thread(task, "dxpy-prestart");
        t.setDaemon(true);
        t.start();
        Future<EarlyWorkers> old = PRESTARTED.getAndSet(task);
        if (old != null) {
            closeWhenLaunched(old);
        }
    }

    /** The prestarted workers if there are any (those not fitting {@code config} are killed by {@link #take}), else a launch for {@code config}. */
    static EarlyWorkers prestartedOrLaunch(EngineConfig config, int count) {
        Future<EarlyWorkers> pending = PRESTARTED.getAndSet(null);
        if (pending != null) {
            try {
                return pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeWhenLaunched(pending);
            } catch (ExecutionException e) {
                // the launch failed: the normal start reports why
            }
        }
        return launch(config, count);
    }

    private static void closeWhenLaunched(Future<EarlyWorkers> f) {
        Thread t = new Thread(() -> {
            try {
                f.get().close();
            } catch (InterruptedException | ExecutionException e) {
                // nothing was launched, or the JVM is going away (its reaper kills what was)
            }
        }, "dxpy-prestart-close");
        t.setDaemon(true);
        t.start();
    }

    static EarlyWorkers none() {
        return new EarlyWorkers(null, null);
    }

    static EarlyWorkers launch(EngineConfig config, int count) {
        WorkerSpec spec;
        try {
            spec = new WorkerSpec(PythonInterpreter.resolve(config.python(), DxEngine.searchPath(config)),
                    WorkerFiles.extract(WorkerFiles.defaultCacheRoot()), config.invocationDir(),
                    DxEngine.workerEnvironment(config), null, null, config.clientEnvironment() != null);
        } catch (RuntimeException e) {
            return none();
        }
        PreloadHint hint = PreloadHint.read(WorkerFiles.defaultCacheRoot(), config.invocationDir());
        Map<String, String> extra = hint == null ? Map.of() : Map.of(PreloadHint.ENV, hint.envValue());
        EarlyWorkers early = new EarlyWorkers(spec, hint);
        for (int i = 0; i < count; i++) {
            String name = "gw" + i;
            try {
                early.byName.put(name, WorkerProcess.launch(spec, name, extra));
            } catch (RuntimeException e) {
                break;
            }
        }
        return early;
    }

    /** The worker launched as {@code name}, configured for {@code target}; null if none fits. */
    WorkerProcess take(String name, WorkerSpec target) {
        WorkerProcess w = byName.remove(name);
        if (w == null) {
            return null;
        }
        if (!spec.python().equals(target.python()) || !spec.files().dir().equals(target.files().dir())
                || !spec.workingDir().equals(target.workingDir()) || !spec.environment().equals(target.environment())
                || spec.wholeEnvironment() != target.wholeEnvironment()
                || hint != null && !hint.fits(target.configure())) {
            w.kill();
            return null;
        }
        return w.configure(target);
    }

    @Override
    public void close() {
        byName.values().forEach(WorkerProcess::kill);
        byName.clear();
    }
}

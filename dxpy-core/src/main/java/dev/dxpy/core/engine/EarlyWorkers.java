package dev.dxpy.core.engine;

import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.worker.PythonInterpreter;
import dev.dxpy.core.worker.WorkerFiles;
import dev.dxpy.core.worker.WorkerProcess;
import dev.dxpy.core.worker.WorkerSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workers launched before discovery, so that their interpreters start (and import the worker and pytest)
 * while the engine discovers the tests; each is configured when its slot first needs it, with the
 * configuration discovery produced. Launched as {@code gw0..gwN-1}, the names the scheduler's slots use.
 * Those no slot takes are killed by {@link #close}. Best effort: anything that stops a launch here
 * (no interpreter, no worker files) leaves the normal start to report it.
 */
final class EarlyWorkers implements AutoCloseable {

    private final WorkerSpec spec;
    private final Map<String, WorkerProcess> byName = new ConcurrentHashMap<>();

    private EarlyWorkers(WorkerSpec spec) {
        this.spec = spec;
    }

    static EarlyWorkers none() {
        return new EarlyWorkers(null);
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
        EarlyWorkers early = new EarlyWorkers(spec);
        for (int i = 0; i < count; i++) {
            String name = "gw" + i;
            try {
                early.byName.put(name, WorkerProcess.launch(spec, name));
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
                || spec.wholeEnvironment() != target.wholeEnvironment()) {
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

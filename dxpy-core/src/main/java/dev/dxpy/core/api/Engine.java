package dev.dxpy.core.api;

/**
 * The dxpy engine: finds the tests of a Python project and runs them on Python workers.
 * Obtain one with {@link Engines#create(EngineConfig)}.
 */
public interface Engine extends AutoCloseable {

    /** Discovers tests without starting any interpreter. */
    Collection collect(RunListener listener);

    /**
     * Discovers tests, then lets workers import the files whose tests only Python can list (run-time
     * parametrization, doctests, a conftest that computes {@code collect_ignore}): what {@code pytest
     * --collect-only} lists. Runs no test.
     */
    default WorkerCollection collectWithWorkers(RunListener listener) {
        return new WorkerCollection(collect(listener), java.util.Map.of(), java.util.Map.of());
    }

    /** Discovers and runs the selected tests; failures are results, never exceptions. */
    RunResult run(RunListener listener);

    /**
     * Runs the tests that changes to {@code changedFiles} (existing or deleted) can affect, and the
     * tests that failed last time, failed ones first.
     */
    default RunResult runAffected(java.util.Set<java.nio.file.Path> changedFiles, RunListener listener) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot select tests by change");
    }

    /** Runs the tests that failed in the last run; when none is recorded, every test (as pytest's {@code --lf}). */
    default RunResult runLastFailed(RunListener listener) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot rerun failed tests");
    }

    /** The project's rootdir (pytest's rule, or the forced one): what a watcher watches. */
    default java.nio.file.Path rootdir() {
        throw new UnsupportedOperationException(getClass().getName() + " does not know its rootdir");
    }

    /**
     * Keeps spare workers ready between this engine's runs (watch mode): starts them now for the whole
     * selection, refills them after each run, and stops them in {@link #close()}. Spares import only
     * third-party modules, so every run still imports the project's current code; a worker that ran tests
     * is never reused. Call once, before the first run.
     */
    default void keepWorkersWarm() {
    }

    /**
     * {@link #keepWorkersWarm()} with spares for {@code runs} runs (each run's workers): a watch that may cancel
     * a run, whose workers are then lost, still finds spares for the run that follows at once.
     */
    default void keepWorkersWarm(int runs) {
        keepWorkersWarm();
    }

    /** Stops the workers. */
    @Override
    void close();
}

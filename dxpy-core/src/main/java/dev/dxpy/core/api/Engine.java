package dev.dxpy.core.api;

/**
 * The dxpy engine: finds the tests of a Python project and runs them on Python workers.
 * Obtain one with {@link Engines#create(EngineConfig)}.
 */
public interface Engine extends AutoCloseable {

    /** Discovers tests without starting any interpreter. */
    Collection collect(RunListener listener);

    /** Discovers and runs the selected tests; failures are results, never exceptions. */
    RunResult run(RunListener listener);

    /** Stops the workers. */
    @Override
    void close();
}

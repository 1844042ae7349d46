package dev.dxpy.core.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The engine's implementation behind {@link Dxpy}, found with {@link java.util.ServiceLoader} so the api package depends on no internal one. */
public interface Provider {

    Engine engine(EngineConfig config);

    RunListener console(ConsoleOptions options);

    /** One JUnit XML file for the whole run, written as pytest's {@code --junit-xml} writes it. */
    RunListener junitXml(Path file, Map<String, String> properties);

    /** Surefire-style {@code TEST-<module>.xml} files, one per test file, in {@code directory}. */
    RunListener surefireReports(Path directory, Map<String, String> properties);

    /** Runs pytest once on the selection {@code config} stands for, records its wall time in the project's {@code .dxpy/}, returns it. */
    Baseline measureBaseline(EngineConfig config);

    /** The pytest time recorded for this selection, if {@link #measureBaseline} ever ran on it. */
    Optional<Baseline> baseline(EngineConfig config);

    /**
     * Starts workers for a run about to be configured (see {@link Dxpy#prestartWorkers}); the next engine run
     * in this JVM takes those that fit its configuration. Default: nothing.
     */
    default void prestartWorkers(EngineConfig provisional, int count) {
    }

    /** The daemon: serving and forwarding {@code dx-py} commands over a Unix domain socket. */
    default Daemon daemon() {
        throw new UnsupportedOperationException("this dxpy-core has no daemon");
    }
}

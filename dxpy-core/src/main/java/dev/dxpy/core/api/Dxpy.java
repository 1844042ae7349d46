package dev.dxpy.core.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** Entry point: engines and reporters. */
public final class Dxpy {

    private static final Provider PROVIDER = ServiceLoader.load(Provider.class, Dxpy.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no dev.dxpy.core.api.Provider on the class path: dxpy-core is incomplete"));

    private Dxpy() {
    }

    public static Engine engine(EngineConfig config) {
        return PROVIDER.engine(config);
    }

    public static RunListener console(ConsoleOptions options) {
        return PROVIDER.console(options);
    }

    public static RunListener junitXml(Path file, Map<String, String> properties) {
        return PROVIDER.junitXml(file, properties);
    }

    /**
     * Starts {@code count} workers in the background for a run whose configuration is still being parsed: their
     * interpreters start while the caller finishes. The next {@link Engine#run} in this JVM takes the ones that
     * fit its configuration (interpreter, directory, environment) and kills the others; unused ones die with the
     * JVM. {@code provisional} needs only what a worker's start depends on: invocation directory, interpreter,
     * environment.
     */
    public static void prestartWorkers(EngineConfig provisional, int count) {
        PROVIDER.prestartWorkers(provisional, count);
    }

    public static Daemon daemon() {
        return PROVIDER.daemon();
    }

    public static RunListener surefireReports(Path directory, Map<String, String> properties) {
        return PROVIDER.surefireReports(directory, properties);
    }

    /** Runs pytest once on the selection and records its wall time for later summaries; see {@link Baseline}. */
    public static Baseline measureBaseline(EngineConfig config) {
        return PROVIDER.measureBaseline(config);
    }

    /** The recorded pytest time for the selection, if any. */
    public static Optional<Baseline> baseline(EngineConfig config) {
        return PROVIDER.baseline(config);
    }
}

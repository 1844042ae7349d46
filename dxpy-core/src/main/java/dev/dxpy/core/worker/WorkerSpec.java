package dev.dxpy.core.worker;

import dev.dxpy.core.fixture.FixtureKeys;
import dev.dxpy.core.protocol.Configure;
import dev.dxpy.core.protocol.Hello;
import java.nio.file.Path;
import java.util.Map;

/**
 * What makes a worker: interpreter, worker files, working directory, environment, configuration and the
 * cached fixtures' keys (completed with the Python version of the worker's Hello). Two workers with equal
 * specs are interchangeable.
 *
 * @param environment      variables added to the engine's environment, or with {@code wholeEnvironment} the
 *                         worker's whole environment (a daemon's client's)
 * @param wholeEnvironment whether the worker gets {@code environment} only, not the engine's
 */
public record WorkerSpec(Path python, WorkerFiles files, Path workingDir, Map<String, String> environment,
        Configure configure, FixtureKeys fixtureKeys, boolean wholeEnvironment) {

    public WorkerSpec {
        environment = Map.copyOf(environment);
        fixtureKeys = fixtureKeys == null ? FixtureKeys.NONE : fixtureKeys;
    }

    /** A spec whose environment is added to the engine's. */
    public WorkerSpec(Path python, WorkerFiles files, Path workingDir, Map<String, String> environment,
            Configure configure, FixtureKeys fixtureKeys) {
        this(python, files, workingDir, environment, configure, fixtureKeys, false);
    }

    /** A spec without cached fixtures. */
    public WorkerSpec(Path python, WorkerFiles files, Path workingDir, Map<String, String> environment,
            Configure configure) {
        this(python, files, workingDir, environment, configure, FixtureKeys.NONE);
    }

    /** This spec with another configuration (the rest, fixture keys and environment included, unchanged). */
    public WorkerSpec withConfigure(Configure other) {
        return new WorkerSpec(python, files, workingDir, environment, other, fixtureKeys, wholeEnvironment);
    }

    /** The Configure to send a worker that said {@code hello}. */
    public Configure configureFor(Hello hello) {
        return fixtureKeys.partial().isEmpty() ? configure
                : configure.withFixtureKeys(fixtureKeys.forPython(hello.pythonVersion()));
    }
}

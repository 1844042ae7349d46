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
 */
public record WorkerSpec(Path python, WorkerFiles files, Path workingDir, Map<String, String> environment,
        Configure configure, FixtureKeys fixtureKeys) {

    public WorkerSpec {
        environment = Map.copyOf(environment);
        fixtureKeys = fixtureKeys == null ? FixtureKeys.NONE : fixtureKeys;
    }

    /** A spec without cached fixtures. */
    public WorkerSpec(Path python, WorkerFiles files, Path workingDir, Map<String, String> environment,
            Configure configure) {
        this(python, files, workingDir, environment, configure, FixtureKeys.NONE);
    }

    /** The Configure to send a worker that said {@code hello}. */
    public Configure configureFor(Hello hello) {
        return fixtureKeys.partial().isEmpty() ? configure
                : configure.withFixtureKeys(fixtureKeys.forPython(hello.pythonVersion()));
    }
}

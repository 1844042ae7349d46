package dev.dxpy.core.worker;

import dev.dxpy.core.protocol.Configure;
import java.nio.file.Path;
import java.util.Map;

/**
 * What makes a worker: interpreter, worker files, working directory, environment, configuration.
 * Two workers with equal specs are interchangeable.
 */
public record WorkerSpec(Path python, WorkerFiles files, Path workingDir, Map<String, String> environment,
        Configure configure) {

    public WorkerSpec {
        environment = Map.copyOf(environment);
    }
}

package dev.dxpy.core.engine;

import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.RunListener;
import java.nio.file.Path;

/** Runs the suite in {@code args[0]} on two workers; {@link EngineDeathTest} kills the JVM running it. */
public final class RunSuiteMain {
    private RunSuiteMain() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        try (DxEngine engine = new DxEngine(EngineConfig.builder().invocationDir(dir).cacheDir(dir.resolve(".dxpy"))
                .workers(2).build())) {
            engine.run(RunListener.NONE);
        }
    }
}

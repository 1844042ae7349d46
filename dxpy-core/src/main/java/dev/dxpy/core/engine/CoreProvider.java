package dev.dxpy.core.engine;

import dev.dxpy.core.api.ConsoleOptions;
import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.Provider;
import dev.dxpy.core.api.RunListener;
import java.nio.file.Path;
import java.util.Map;

/** The {@link Provider} registered in {@code META-INF/services}. */
public final class CoreProvider implements Provider {

    @Override
    public Engine engine(EngineConfig config) {
        return new DxEngine(config);
    }

    @Override
    public RunListener console(ConsoleOptions options) {
        return RunListener.NONE; // report.ConsoleReporter
    }

    @Override
    public RunListener junitXml(Path file, Map<String, String> properties) {
        return RunListener.NONE; // report.JUnitXmlReporter
    }

    @Override
    public RunListener surefireReports(Path directory, Map<String, String> properties) {
        return RunListener.NONE; // report.SurefireReporter
    }
}

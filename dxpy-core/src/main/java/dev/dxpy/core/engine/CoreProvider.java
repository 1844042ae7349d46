package dev.dxpy.core.engine;

import dev.dxpy.core.api.Baseline;
import dev.dxpy.core.api.ConsoleOptions;
import dev.dxpy.core.api.Daemon;
import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.Provider;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.baseline.PytestBaseline;
import dev.dxpy.core.daemon.SocketDaemon;
import dev.dxpy.core.report.ConsoleReporter;
import dev.dxpy.core.report.JUnitXmlReporter;
import dev.dxpy.core.report.SurefireReporter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** The {@link Provider} registered in {@code META-INF/services}. */
public final class CoreProvider implements Provider {

    @Override
    public Engine engine(EngineConfig config) {
        return new DxEngine(config);
    }

    @Override
    public RunListener console(ConsoleOptions options) {
        return new ConsoleReporter(options);
    }

    @Override
    public RunListener junitXml(Path file, Map<String, String> properties) {
        return new JUnitXmlReporter(file, properties);
    }

    @Override
    public void prestartWorkers(EngineConfig provisional, int count) {
        EarlyWorkers.prestart(provisional, count);
    }

    @Override
    public Daemon daemon() {
        return new SocketDaemon();
    }

    @Override
    public RunListener surefireReports(Path directory, Map<String, String> properties) {
        return new SurefireReporter(directory, properties);
    }

    @Override
    public Baseline measureBaseline(EngineConfig config) {
        return new PytestBaseline(config, Clock.systemUTC()).measure();
    }

    @Override
    public Optional<Baseline> baseline(EngineConfig config) {
        return new PytestBaseline(config, Clock.systemUTC()).recorded();
    }
}

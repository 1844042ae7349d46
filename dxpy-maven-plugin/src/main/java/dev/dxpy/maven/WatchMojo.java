package dev.dxpy.maven;

import dev.dxpy.core.api.Dxpy;
import dev.dxpy.core.api.DxpyException;
import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.watch.WatchSession;
import java.io.PrintStream;
import java.time.Duration;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code mvn dxpy:watch}: watches the project and, on each change, runs the tests it can affect
 * (keys a/f/q when stdin is a terminal; Ctrl-C stops). Never fails the build: it ends when you stop it.
 */
@Mojo(name = "watch", threadSafe = true, requiresDependencyResolution = ResolutionScope.NONE)
public class WatchMojo extends AbstractDxpyMojo {

    /** The Python interpreter for the workers (default: python3 on PATH). */
    @Parameter(property = "dxpy.python")
    String python;

    /** Number of workers; 0 means one per core. */
    @Parameter(property = "dxpy.workers", defaultValue = "0")
    int workers;

    /** A burst of changes gives one run once this many milliseconds pass without another change. */
    @Parameter(property = "dxpy.debounce", defaultValue = "100")
    long debounce;

    /**
     * Start each burst's run at its first change, shown only if no other change follows within the debounce
     * time (a later change cancels it and the burst runs after the debounce); false: always wait first.
     */
    @Parameter(property = "dxpy.speculate", defaultValue = "true")
    boolean speculate;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("Watch is skipped.");
            return;
        }
        if (debounce < 0) {
            throw new MojoExecutionException("<debounce> (-Ddxpy.debounce) must be >= 0 milliseconds, got " + debounce + ".");
        }
        try (PrintStream console = MavenLogStream.of(getLog()); Engine engine = Dxpy.engine(engineConfig())) {
            WatchSession.run(engine, Duration.ofMillis(debounce), speculate, console);
        } catch (DxpyException e) {
            throw couldNotRun(e);
        }
    }

    /** The engine configuration these parameters stand for. */
    EngineConfig engineConfig() {
        return selection().python(python).workers(workers).build();
    }
}

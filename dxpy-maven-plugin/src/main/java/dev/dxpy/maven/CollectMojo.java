package dev.dxpy.maven;

import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.Dxpy;
import dev.dxpy.core.api.DxpyException;
import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.RunListener;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Lists the node ids of the tests dxpy would run, like {@code pytest --collect-only -q}, without starting Python. */
@Mojo(name = "collect", threadSafe = true, requiresDependencyResolution = ResolutionScope.NONE)
public class CollectMojo extends AbstractDxpyMojo {

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Collection is skipped.");
            return;
        }
        Collection collection;
        try (Engine engine = Dxpy.engine(engineConfig())) {
            collection = engine.collect(RunListener.NONE);
        } catch (DxpyException e) {
            throw couldNotRun(e);
        }
        for (CollectedTest t : collection.tests()) {
            getLog().info(t.nodeId());
        }
        for (CollectionError error : collection.errors()) {
            getLog().error(error.toString());
        }
        getLog().info(collection.tests().size() + " tests collected in "
                + String.format(Locale.ROOT, "%.2fs", collection.duration().toMillis() / 1000.0));
        if (!collection.errors().isEmpty()) {
            throw new MojoFailureException(collection.errors().size() + " file(s) could not be collected: "
                    + collection.errors().get(0) + (collection.errors().size() > 1 ? " (and more above)" : "") + ".");
        }
    }

    /** The engine configuration these parameters stand for. */
    EngineConfig engineConfig() {
        return selection().build();
    }
}

package dev.dxpy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.EngineConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectMojoTest {

    @TempDir
    Path basedir;

    @Test
    void mapsTheSelection() {
        CollectMojo mojo = new CollectMojo();
        mojo.workingDirectory = basedir.toFile();
        mojo.testPaths = List.of("tests");
        mojo.test = "alpha";
        mojo.markers = "not slow";

        EngineConfig config = mojo.engineConfig();

        assertThat(config.invocationDir()).isEqualTo(basedir.toAbsolutePath().normalize());
        assertThat(config.args()).containsExactly("tests");
        assertThat(config.keyword()).isEqualTo("alpha");
        assertThat(config.markers()).isEqualTo("not slow");
        assertThat(config.python()).isNull();
    }

    @Test
    void skipDoesNotTouchTheEngine() throws Exception {
        RecordingLog log = new RecordingLog();
        CollectMojo mojo = new CollectMojo();
        mojo.setLog(log);
        mojo.skip = true;
        mojo.execute();
        assertThat(log.lines).containsExactly("INFO Collection is skipped.");
    }
}

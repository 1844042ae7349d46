package dev.dxpy.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

class WatchMojoTest {

    @Test
    void mapsParametersAndRejectsANegativeDebounce() {
        WatchMojo m = new WatchMojo();
        m.workingDirectory = new File(".");
        m.python = "/usr/bin/python3";
        m.workers = 2;
        m.debounce = -1;
        assertThat(m.engineConfig().python()).isEqualTo("/usr/bin/python3");
        assertThat(m.engineConfig().workers()).isEqualTo(2);
        assertThatThrownBy(m::execute).isInstanceOf(MojoExecutionException.class).hasMessageContaining("<debounce>");
    }

    @Test
    void skipDoesNothing() throws Exception {
        WatchMojo m = new WatchMojo();
        m.skip = true;
        m.execute();
    }
}

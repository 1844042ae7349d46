package dev.dxpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What `dx-py test` reads from its raw arguments to start workers while picocli parses them. */
class PrestartTest {
    private static Main.Prestart of(String... args) {
        return Main.prestartFor(args);
    }

    @Test
    void readsTheInterpreterAndTheWorkerCountInEitherSpelling() {
        assertThat(of("test", "-q")).isEqualTo(new Main.Prestart(null, 0));
        assertThat(of("test", "--python", "/usr/bin/python3", "-n", "3", "tests"))
                .isEqualTo(new Main.Prestart("/usr/bin/python3", 3));
        assertThat(of("test", "--python=/opt/py", "--workers=2")).isEqualTo(new Main.Prestart("/opt/py", 2));
        assertThat(of("test", "-n", "auto")).isEqualTo(new Main.Prestart(null, 0));
        assertThat(of("test", "--", "--python", "x")).as("after --: paths").isEqualTo(new Main.Prestart(null, 0));
    }

    @Test
    void commandsThatRunNoWorkersPrestartNone() {
        assertThat(of("test", "--collect-only")).isNull();
        assertThat(of("test", "-k", "x", "--watch")).isNull();
        assertThat(of("test", "--help")).isNull();
    }
}

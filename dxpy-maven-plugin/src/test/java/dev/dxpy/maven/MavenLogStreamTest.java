package dev.dxpy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class MavenLogStreamTest {

    private final RecordingLog log = new RecordingLog();

    @Test
    void splitsLinesAndFlushesTheLastOneOnClose() {
        try (PrintStream out = MavenLogStream.of(log)) {
            out.print("collected 3 items\n\ntests/test_a.py ..");
            out.print(".s\r\n");
            out.print("3 passed, 1 skipped in 0.01s");
        }
        assertThat(log.lines).containsExactly("INFO collected 3 items", "INFO ", "INFO tests/test_a.py ...s",
                "INFO 3 passed, 1 skipped in 0.01s");
    }

    @Test
    void failureLinesGoToTheErrorLevel() {
        try (PrintStream out = MavenLogStream.of(log)) {
            out.println("FAILED tests/test_a.py::test_b - assert 1 == 2");
            out.println("ERROR tests/test_c.py - SyntaxError");
            out.println("tests/test_a.py::test_b FAILED                     [ 50%]");
            out.println("tests/test_a.py::test_c PASSED                     [100%]");
            out.println("tests/test_failed_things.py::test_ok PASSED");
        }
        assertThat(log.lines).containsExactly(
                "ERROR FAILED tests/test_a.py::test_b - assert 1 == 2",
                "ERROR ERROR tests/test_c.py - SyntaxError",
                "ERROR tests/test_a.py::test_b FAILED                     [ 50%]",
                "INFO tests/test_a.py::test_c PASSED                     [100%]",
                "INFO tests/test_failed_things.py::test_ok PASSED");
    }

    @Test
    void keepsUtf8Intact() {
        try (PrintStream out = MavenLogStream.of(log)) {
            out.println("test_ünïcödé ✓");
        }
        assertThat(log.lines).containsExactly("INFO test_ünïcödé ✓");
    }
}

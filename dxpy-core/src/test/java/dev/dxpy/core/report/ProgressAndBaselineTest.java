package dev.dxpy.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.Baseline;
import dev.dxpy.core.api.ConsoleOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The terminal-only progress line and the speedup line against a measured pytest baseline. */
class ProgressAndBaselineTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong();

    private String run(boolean progress, Baseline baseline, long nanosPerTest) {
        ConsoleOptions options = new ConsoleOptions(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 0, 0,
                progress, baseline);
        ConsoleReporter reporter = new ConsoleReporter(options, () -> now.getAndAdd(nanosPerTest));
        SampleRun.replay(reporter, SampleRun.RUN);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSlowRunOnATerminalKeepsAProgressLineUnderTheTestLinesAndErasesIt() {
        String out = run(true, null, 600_000_000L);
        assertThat(out).contains("[2/8] tests/test_a.py::test_fail\r\u001b[K\u25cb tests/test_a.py::test_skip")
                .doesNotContain("[1/8]"); // not before a second has passed
        assertThat(out).contains("[8/8] tests/test_a.py::TestC::test_b[2]\r\u001b[K" + Terminal.separator('=', "ERRORS"));
    }

    @Test
    void noProgressLineWhenNotATerminalOrTheRunIsShort() {
        assertThat(run(false, null, 2_000_000_000L)).doesNotContain("\r").doesNotContain("/8]");
        bytes.reset();
        assertThat(run(true, null, 1_000_000L)).doesNotContain("\r").doesNotContain("/8]");
    }

    @Test
    void theSummaryComparesTheRunWithTheMeasuredBaseline() {
        Baseline b = new Baseline(Duration.ofMillis(1699), Instant.parse("2025-11-26T10:15:30Z"));
        String out = run(false, b, 0);
        assertThat(out.lines().toList().get((int) out.lines().count() - 1))
                .isEqualTo("12.4x faster than pytest (baseline 1.7s, measured 2025-11-26)");
    }

    @Test
    void noSpeedupLineWithoutABaseline() {
        assertThat(run(false, null, 0)).doesNotContain("pytest (baseline");
    }

    @Test
    void aSlowerRunSaysSo() {
        Baseline b = new Baseline(Duration.ofSeconds(1), Instant.parse("2025-01-02T00:00:00Z"));
        assertThat(b.comparedWith(Duration.ofSeconds(2))).isEqualTo("2.0x slower than pytest (baseline 1.0s, measured 2025-01-02)");
    }
}

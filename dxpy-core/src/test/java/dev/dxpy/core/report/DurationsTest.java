package dev.dxpy.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The report's numbers read as String.format wrote them before Durations.decimals replaced it. */
class DurationsTest {

    @Test
    void decimalsWritesWhatStringFormatWrites() {
        Random random = new Random(42);
        double[] edges = {0, 0.005, 0.015, 0.125, 1.005, 2.675, 9.995, 59.999, 0.0005, 1e-9, 123456.789};
        for (double v : edges) {
            assertThat(Durations.decimals(v, 2)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.2f", v));
            assertThat(Durations.decimals(v, 3)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.3f", v));
        }
        for (int i = 0; i < 20_000; i++) {
            double v = random.nextInt(4) == 0 ? random.nextInt(100_000) / 1000.0 : random.nextDouble() * 5000;
            assertThat(Durations.decimals(v, 2)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.2f", v));
            assertThat(Durations.decimals(v, 3)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.3f", v));
        }
    }

    @Test
    void sessionTestAndXmlTimes() {
        assertThat(Durations.session(Duration.ofMillis(1234))).isEqualTo("1.23s");
        assertThat(Durations.session(Duration.ofMillis(65_120))).isEqualTo("65.12s (0:01:05)");
        assertThat(Durations.test(Duration.ofMillis(12))).isEqualTo("12ms");
        assertThat(Durations.test(Duration.ofMillis(1235))).isEqualTo("1.24s");
        assertThat(Durations.xml(Duration.ofNanos(1_234_567))).isEqualTo("0.001");
    }
}

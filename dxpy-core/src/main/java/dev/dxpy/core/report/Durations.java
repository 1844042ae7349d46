package dev.dxpy.core.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/** Time formats of the reports. */
public final class Durations {

    private Durations() {
    }

    /** pytest's session time: {@code 0.12s}, or {@code 65.12s (0:01:05)} from a minute on. */
    static String session(Duration d) {
        double seconds = seconds(d);
        String s = decimals(seconds, 2) + "s";
        if (seconds < 60) {
            return s;
        }
        long whole = (long) seconds;
        return s + String.format(Locale.ROOT, " (%d:%02d:%02d)", whole / 3600, whole / 60 % 60, whole % 60);
    }

    /** One test's time on its console line: {@code 12ms} below a second, {@code 1.23s} above. */
    static String test(Duration d) {
        long millis = d.toMillis();
        return millis < 1000 ? millis + "ms" : decimals(seconds(d), 2) + "s";
    }

    /** Seconds with three decimals, as XML reports write {@code time}. */
    static String xml(Duration d) {
        return decimals(seconds(d), 3);
    }

    /**
     * {@code value} with {@code places} decimals, as {@code String.format(Locale.ROOT, "%.Nf")} writes it (half up,
     * from the shortest decimal form), without the formatter: its first use loads locale data, ~10 ms of a cold
     * start.
     */
    public static String decimals(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}

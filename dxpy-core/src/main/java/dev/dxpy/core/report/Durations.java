package dev.dxpy.core.report;

import java.time.Duration;
import java.util.Locale;

/** Time formats of the reports. */
final class Durations {

    private Durations() {
    }

    /** pytest's session time: {@code 0.12s}, or {@code 65.12s (0:01:05)} from a minute on. */
    static String session(Duration d) {
        double seconds = seconds(d);
        String s = String.format(Locale.ROOT, "%.2fs", seconds);
        if (seconds < 60) {
            return s;
        }
        long whole = (long) seconds;
        return s + String.format(Locale.ROOT, " (%d:%02d:%02d)", whole / 3600, whole / 60 % 60, whole % 60);
    }

    /** One test's time on its console line: {@code 12ms} below a second, {@code 1.23s} above. */
    static String test(Duration d) {
        long millis = d.toMillis();
        return millis < 1000 ? millis + "ms" : String.format(Locale.ROOT, "%.2fs", seconds(d));
    }

    /** Seconds with three decimals, as XML reports write {@code time}. */
    static String xml(Duration d) {
        return String.format(Locale.ROOT, "%.3f", seconds(d));
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}

package dev.dxpy.core.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * pytest's wall time on a selection of tests, as {@code dx-py test --baseline} measured it, and when.
 * The console summary compares a run with it.
 */
public record Baseline(Duration pytestTime, Instant measured) {

    /** {@code 12.4x faster than pytest (baseline 14.2s, measured 2025-11-26)} for a run that took {@code run}. */
    public String comparedWith(Duration run) {
        double ours = Math.max(run.toNanos(), 1) / 1e9;
        double theirs = pytestTime.toNanos() / 1e9;
        String ratio = theirs >= ours
                ? String.format(Locale.ROOT, "%.1fx faster than pytest", theirs / ours)
                : String.format(Locale.ROOT, "%.1fx slower than pytest", ours / theirs);
        return ratio + String.format(Locale.ROOT, " (baseline %.1fs, measured %s)", theirs,
                measured.toString().substring(0, 10));
    }
}

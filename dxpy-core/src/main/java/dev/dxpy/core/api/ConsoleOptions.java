package dev.dxpy.core.api;

import java.io.PrintStream;

/**
 * How the console report looks. {@code verbosity}: -1 quiet (dots), 0 default (one line per test),
 * 1 verbose; {@code durations}: how many slowest tests to list (0 none); {@code progress}: keep a
 * {@code \r}-updated {@code [done/total]} line under the test lines once a run has taken a second
 * (only for a terminal); {@code baseline}: pytest's measured time, for the speedup line, or null.
 */
public record ConsoleOptions(PrintStream out, boolean color, int verbosity, int durations, boolean progress,
        Baseline baseline) {

    /** Options without a progress line or baseline. */
    public ConsoleOptions(PrintStream out, boolean color, int verbosity, int durations) {
        this(out, color, verbosity, durations, false, null);
    }

    /** Whether standard output is a terminal (and standard input too: the JDK cannot tell them apart). */
    public static boolean isTerminal() {
        return System.console() != null;
    }

    /** Colours on only when the output is a terminal and {@code NO_COLOR} is unset, as the console expects. */
    public static boolean colorByDefault() {
        return System.console() != null && System.getenv("NO_COLOR") == null;
    }
}

package dev.dxpy.core.api;

import java.io.PrintStream;

/**
 * How the console report looks. {@code verbosity}: -1 quiet (dots), 0 default (one line per test),
 * 1 verbose; {@code durations}: how many slowest tests to list (0 none).
 */
public record ConsoleOptions(PrintStream out, boolean color, int verbosity, int durations) {

    /** Colours on only when the output is a terminal and {@code NO_COLOR} is unset, as the console expects. */
    public static boolean colorByDefault() {
        return System.console() != null && System.getenv("NO_COLOR") == null;
    }
}

package dev.dxpy.core.report;

import java.util.function.LongSupplier;

/**
 * The {@code [1234/10180] tests/test_a.py::test_b} line kept below the test lines on a terminal, redrawn
 * with {@code \r} after each test and erased before anything else is printed; only once the run has taken
 * a second, so short runs print exactly what a pipe gets.
 */
final class Progress {

    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final String ERASE = "\r\u001b[K";

    private final Terminal term;
    private final boolean enabled;
    private final LongSupplier nanoClock;
    private long start;
    private int total;
    private int done;
    private boolean visible;

    Progress(Terminal term, boolean enabled, LongSupplier nanoClock) {
        this.term = term;
        this.enabled = enabled;
        this.nanoClock = nanoClock;
    }

    void start(int totalTests) {
        start = nanoClock.getAsLong();
        total = totalTests;
        done = 0;
    }

    void show(String lastNodeId) {
        done++;
        if (!enabled || nanoClock.getAsLong() - start < SHOW_AFTER_NANOS) {
            return;
        }
        String line = "[" + done + "/" + total + "] " + lastNodeId;
        if (line.length() > Terminal.WIDTH - 1) {
            line = line.substring(0, Terminal.WIDTH - 4) + "...";
        }
        term.print(line);
        visible = true;
    }

    void clear() {
        if (visible) {
            term.print(ERASE);
            visible = false;
        }
    }
}

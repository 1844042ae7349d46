package dev.dxpy.cli;

import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts results as they come and, when the JVM is stopped by SIGINT or SIGTERM before the run finished,
 * prints what ran (the workers themselves are killed by the engine's shutdown hook).
 */
final class InterruptReport implements RunListener, AutoCloseable {
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private final PrintStream out;
    private final Thread hook = new Thread(this::report, "dxpy-interrupt-report");
    private volatile boolean finished;
    private volatile long lastResult = System.nanoTime();

    InterruptReport(PrintStream out) {
        this.out = out;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void testFinished(TestResult result) {
        synchronized (counts) {
            counts.merge(result.outcome(), 1, Integer::sum);
        }
        lastResult = System.nanoTime();
    }

    @Override
    public void runFinished(RunResult result) {
        finished = true;
    }

    private void report() {
        if (finished) {
            return;
        }
        // results the workers wrote before they were killed may still be in the pipes: let the readers hand
        // them over (until none came for 100 ms since the signal, at most 0.5 s) so they are counted, not lost
        long start = System.nanoTime();
        while (!finished && System.nanoTime() - Math.max(lastResult, start) < 100_000_000L
                && System.nanoTime() - start < 500_000_000L) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                break;
            }
        }
        if (finished) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        synchronized (counts) {
            counts.forEach((o, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ')
                    .append(o.name().toLowerCase()));
        }
        out.println();
        out.println("!!! interrupted: " + (sb.length() == 0 ? "no test finished" : sb) + " before the signal;"
                + " the rest did not run !!!");
        out.flush();
    }

    @Override
    public void close() {
        finished = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (and prints nothing, the run is over)
        }
    }
}

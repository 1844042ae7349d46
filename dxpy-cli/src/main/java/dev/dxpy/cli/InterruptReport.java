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

    InterruptReport(PrintStream out) {
        this.out = out;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public synchronized void testFinished(TestResult result) {
        counts.merge(result.outcome(), 1, Integer::sum);
    }

    @Override
    public void runFinished(RunResult result) {
        finished = true;
    }

    private synchronized void report() {
        if (finished) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((o, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ')
                .append(o.name().toLowerCase()));
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

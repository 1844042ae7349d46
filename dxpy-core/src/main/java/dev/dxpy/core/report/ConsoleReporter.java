package dev.dxpy.core.report;

import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.ConsoleOptions;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.report.Terminal.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The console report: one line per finished test (or pytest's dots at verbosity -1), warnings as
 * they come, and at the end pytest's ERRORS, FAILURES, slowest durations, short summary, counts and,
 * when a pytest baseline was measured, the speedup. On a terminal a {@link Progress} line follows the test lines.
 * Test lines and dots are flushed at most every {@value #FLUSH_EVERY_MS} ms (a shared timer thread flushes
 * what a burst of fast tests left in the buffer), not once per test: one write per test to the console
 * cost as much as the test itself.
 */
public final class ConsoleReporter implements RunListener {

    static final long FLUSH_EVERY_MS = 50;

    private final ConsoleOptions options;
    private final LongSupplier nanoClock;
    private final AtomicBoolean flushPending = new AtomicBoolean();
    private volatile long lastFlush = Long.MIN_VALUE / 2;
    private final Terminal term;
    private final List<CollectionError> collectionErrors = new ArrayList<>();
    private final Progress progress;
    private int warnings;
    private int column;

    public ConsoleReporter(ConsoleOptions options) {
        this(options, System::nanoTime);
    }

    ConsoleReporter(ConsoleOptions options, LongSupplier nanoClock) {
        this.options = options;
        this.nanoClock = nanoClock;
        this.term = new Terminal(options.out(), options.color());
        this.progress = new Progress(term, options.progress() && options.verbosity() >= 0, nanoClock);
    }

    @Override
    public void warning(String message) {
        progress.clear();
        endDots();
        warnings++;
        term.line(Color.YELLOW, "warning: " + message);
        term.flush();
    }

    @Override
    public void collectionFinished(Collection collection) {
        collectionErrors.addAll(collection.errors());
        progress.start(collection.tests().size());
        if (options.verbosity() >= 0) {
            int n = collection.tests().size();
            int e = collection.errors().size();
            String line = "collected " + n + (n == 1 ? " item" : " items");
            if (e > 0) {
                line += " / " + e + (e == 1 ? " error" : " errors");
            }
            term.line(Color.BOLD, line);
            term.line("");
            term.flush();
        }
    }

    @Override
    public void testFinished(TestResult r) {
        if (options.verbosity() < 0) {
            dot(r.outcome());
        } else {
            progress.clear();
            testLine(r);
            progress.show(r.nodeId());
        }
        flushSoon();
    }

    /** Flushes now if the last flush is {@value #FLUSH_EVERY_MS} ms old, else makes sure the timer does it. */
    private void flushSoon() {
        long now = nanoClock.getAsLong();
        if (now - lastFlush >= FLUSH_EVERY_MS * 1_000_000L) {
            lastFlush = now;
            term.flush();
        } else if (flushPending.compareAndSet(false, true)) {
            Flusher.TIMER.schedule(() -> {
                flushPending.set(false);
                lastFlush = nanoClock.getAsLong();
                term.flush();
            }, FLUSH_EVERY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** One daemon thread for all reporters of the JVM, started when first needed. */
    private static final class Flusher {
        static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dxpy-console-flush");
            t.setDaemon(true);
            return t;
        });
    }

    private void dot(Outcome o) {
        if (column == Terminal.WIDTH) {
            endDots();
        }
        String letter = switch (o) {
            case PASSED -> ".";
            case FAILED -> "F";
            case ERROR -> "E";
            case SKIPPED -> "s";
            case XFAILED -> "x";
            case XPASSED -> "X";
        };
        term.print(term.paint(color(o), letter));
        column++;
    }

    private void endDots() {
        if (column > 0) {
            term.line("");
            column = 0;
        }
    }

    private void testLine(TestResult r) {
        String mark = switch (r.outcome()) {
            case PASSED -> "\u2713";
            case FAILED -> "\u2717";
            case ERROR -> "E";
            case SKIPPED -> "\u25cb";
            case XFAILED -> "x";
            case XPASSED -> "X";
        };
        String tag = switch (r.outcome()) {
            case SKIPPED -> " SKIPPED" + reason(r);
            case XFAILED -> " XFAIL" + reason(r);
            case XPASSED -> " XPASS" + reason(r);
            case ERROR -> " ERROR";
            default -> "";
        };
        term.line(term.paint(color(r.outcome()), mark) + " " + r.nodeId()
                + term.paint(color(r.outcome()), tag) + " " + Durations.test(r.duration()));
        if (options.verbosity() > 0 && r.outcome().isFailure() && !r.message().isEmpty()) {
            term.line("    " + firstLine(r.message()));
        }
    }

    private static String reason(TestResult r) {
        return r.message().isEmpty() ? "" : " (" + firstLine(r.message()) + ")";
    }

    static Color color(Outcome o) {
        return switch (o) {
            case PASSED -> Color.GREEN;
            case FAILED, ERROR -> Color.RED;
            case SKIPPED, XFAILED, XPASSED -> Color.YELLOW;
        };
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void runFinished(RunResult result) {
        progress.clear();
        endDots();
        List<CollectionError> errors = CollectionErrors.union(collectionErrors, result.errors());
        new ConsoleSummary(term, options).print(result, errors, warnings);
        term.flush();
    }
}

package dev.dxpy.watch;

import dev.dxpy.core.api.AffectedSelection;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A few lines per cycle: what changed, which test files were chosen, each failure, the counts. */
public final class CompactReport implements RunListener, WatchListener {
    private final PrintStream out;
    private final boolean keys;
    private Path root;
    private boolean summarized;

    /** @param keys whether to mention the keys (stdin is a terminal) */
    public CompactReport(PrintStream out, boolean keys) {
        this.out = out;
        this.keys = keys;
    }

    @Override
    public void watching(Path root) {
        this.root = root;
        out.println("dx-py watch: watching " + root + (keys ? "  (a: run all, f: run failed, q: quit)" : ""));
        out.flush();
    }

    @Override
    public void cycleStarted(Trigger t) {
        String what = switch (t.kind()) {
            case ALL -> "all tests";
            case FAILED -> "tests that failed last time";
            default -> t.changed().size() + " changed: " + t.changed().stream().map(this::rel).sorted()
                    .limit(5).collect(Collectors.joining(", ")) + (t.changed().size() > 5 ? ", ..." : "");
        };
        out.println();
        out.println("» " + what);
        out.flush();
    }

    private String rel(Path p) {
        return root != null && p.startsWith(root) ? root.relativize(p).toString().replace('\\', '/') : p.toString();
    }

    @Override
    public void affectedSelected(AffectedSelection s) {
        out.printf(Locale.ROOT, "  %d test file%s affected (graph: %d files, %d parsed, %d ms)%n", s.testFiles().size(),
                s.testFiles().size() == 1 ? "" : "s", s.graphFiles(), s.filesParsed(), s.graphTime().toMillis());
        out.flush();
    }

    @Override
    public void warning(String message) {
        out.println("  warning: " + message);
    }

    @Override
    public void testFinished(TestResult r) {
        if (r.outcome().isFailure()) {
            out.println("  " + r.outcome().name() + " " + r.nodeId() + (r.message().isEmpty() ? "" : " - " + firstLine(r.message())));
            out.flush();
        }
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    /** The run's errors and counts, as soon as the engine reports its end (before its bookkeeping). */
    @Override
    public void runFinished(RunResult r) {
        summary(r);
        summarized = true;
    }

    @Override
    public void cycleFinished(Trigger t, RunResult r) {
        if (!summarized) { // a run listener other than this report
            summary(r);
        }
        summarized = false;
        out.println("waiting for changes...");
        out.flush();
    }

    private void summary(RunResult r) {
        for (CollectionError e : r.errors()) {
            out.println("  ERROR collecting " + e.file() + " - " + firstLine(e.message()));
        }
        Map<Outcome, Integer> counts = r.counts();
        String summary = counts.isEmpty() ? "no tests ran" : counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        if (!r.errors().isEmpty()) {
            summary += ", " + r.errors().size() + " error" + (r.errors().size() == 1 ? "" : "s");
        }
        out.printf(Locale.ROOT, "  %s in %.2fs%n", summary, r.duration().toNanos() / 1e9);
        out.flush();
    }

    @Override
    public void cycleFailed(Trigger t, RuntimeException e) {
        summarized = false;
        out.println("  could not run: " + e.getMessage());
        out.println("waiting for changes...");
        out.flush();
    }

    @Override
    public void stopped() {
        out.println("dx-py watch: stopped");
        out.flush();
    }

}

package dev.dxpy.core.report;

import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.ConsoleOptions;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.report.Terminal.Color;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The end of the console report, in pytest's order: ERRORS, FAILURES, slowest durations, short summary, counts. */
final class ConsoleSummary {

    private static final Duration HIDDEN_BELOW = Duration.ofMillis(5);

    private final Terminal term;
    private final ConsoleOptions options;

    ConsoleSummary(Terminal term, ConsoleOptions options) {
        this.term = term;
        this.options = options;
    }

    void print(RunResult result, List<CollectionError> collectionErrors, int warnings) {
        List<TestResult> failed = with(result, Outcome.FAILED);
        List<TestResult> errored = with(result, Outcome.ERROR);
        if (!collectionErrors.isEmpty() || !errored.isEmpty()) {
            term.sep('=', "ERRORS", Color.RED);
            for (CollectionError e : collectionErrors) {
                term.sep('_', "ERROR collecting " + e.file(), Color.RED);
                term.line(e.toString());
            }
            for (TestResult r : errored) {
                // pytest's heading for a fixture's error: "ERROR at setup of TestC.test_x[1]"
                term.sep('_', r.phase().equals("call") ? "ERROR at " + r.nodeId()
                        : "ERROR at " + r.phase() + " of " + headLine(r.id()), Color.RED);
                details(r);
            }
        }
        if (!failed.isEmpty()) {
            term.sep('=', "FAILURES", Color.RED);
            for (TestResult r : failed) {
                term.sep('_', r.nodeId(), Color.RED);
                details(r);
            }
        }
        if (options.durations() > 0) {
            slowest(result.results());
        }
        if (!failed.isEmpty() || !errored.isEmpty() || !collectionErrors.isEmpty()) {
            term.sep('=', "short test summary info", null);
            failed.forEach(r -> shortLine("FAILED", r.nodeId(), r.message()));
            collectionErrors.forEach(e -> shortLine("ERROR", e.file(), e.message()));
            errored.forEach(r -> shortLine("ERROR", r.nodeId(), r.message()));
        }
        fallbacks(result.results());
        long expanded = result.results().stream().filter(TestResult::runtimeExpanded).count();
        if (expanded > 0) {
            term.line(expanded + (expanded == 1 ? " test" : " tests") + " parametrized at run time (non-literal arguments)");
        }
        if (result.interrupted()) {
            term.sep('!', "Interrupted", Color.RED);
        }
        SummaryStats stats = new SummaryStats(result.counts(), collectionErrors.size(), warnings);
        String time = Durations.session(result.duration());
        if (options.verbosity() < 0) {
            term.line(stats.painted(term, time));
        } else {
            String text = stats.text(time);
            String sep = Terminal.separator('=', text);
            int cut = sep.indexOf(' ');
            String fill = sep.substring(0, cut);
            String tail = sep.substring(cut + 1 + text.length() + 1);
            term.line(term.paint(stats.mainColor(), fill + " ") + stats.painted(term, time)
                    + term.paint(stats.mainColor(), " " + tail));
        }
        if (options.baseline() != null) {
            term.line(options.baseline().comparedWith(result.duration()));
        }
    }

    /** One line per file whose tests pytest's own machinery ran (the fallback), with the reason. */
    private void fallbacks(List<TestResult> results) {
        Map<String, String> byFile = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (TestResult r : results) {
            if (!r.fallbackReason().isEmpty()) {
                byFile.putIfAbsent(r.id().file(), r.fallbackReason());
                counts.merge(r.id().file(), 1, Integer::sum);
            }
        }
        if (byFile.isEmpty()) {
            return;
        }
        int tests = counts.values().stream().mapToInt(Integer::intValue).sum();
        term.sep('=', "fallback: pytest ran " + tests + (tests == 1 ? " test" : " tests") + " in "
                + byFile.size() + (byFile.size() == 1 ? " file" : " files"), Color.YELLOW);
        byFile.forEach((file, why) -> term.line("fallback " + file + " (" + counts.get(file) + "): " + why));
    }

    private static List<TestResult> with(RunResult result, Outcome o) {
        return result.results().stream().filter(r -> r.outcome() == o).toList();
    }

    private void details(TestResult r) {
        String body = r.longRepr().isEmpty() ? r.message() : r.longRepr();
        if (!body.isEmpty()) {
            term.line(stripNewline(body));
        }
        captured("stdout", r.stdout());
        captured("stderr", r.stderr());
    }

    private void captured(String stream, String text) {
        if (!text.isEmpty()) {
            term.sep('-', "Captured " + stream + " call", null);
            term.line(stripNewline(text));
        }
    }

    private static String stripNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private void slowest(List<TestResult> results) {
        int n = options.durations();
        term.sep('=', "slowest " + n + " durations", null);
        List<TestResult> sorted = results.stream()
                .sorted(Comparator.comparing(TestResult::duration).reversed())
                .limit(n)
                .toList();
        int hidden = 0;
        for (TestResult r : sorted) {
            if (options.verbosity() <= 0 && r.duration().compareTo(HIDDEN_BELOW) < 0) {
                hidden++;
                continue;
            }
            term.line(String.format(Locale.ROOT, "%.2fs call     %s", Durations.seconds(r.duration()), r.nodeId()));
        }
        if (hidden > 0) {
            term.line("");
            term.line("(" + hidden + " durations < 0.005s hidden.  Use -v to show these durations.)");
        }
    }

    private void shortLine(String word, String what, String message) {
        String line = term.paint(Color.RED, word) + " " + what;
        String msg = ConsoleReporter.firstLine(message);
        if (!msg.isEmpty()) {
            int room = Terminal.WIDTH - word.length() - what.length() - 4;
            if (options.verbosity() <= 0 && msg.length() > room) {
                msg = room > 3 ? msg.substring(0, room - 3) + "..." : "";
            }
            if (!msg.isEmpty()) {
                line += " - " + msg;
            }
        }
        term.line(line);
    }

    /** pytest's {@code head_line} of a test: its classes and name, dotted ({@code TestC.test_x[1]}). */
    static String headLine(dev.dxpy.core.api.TestId id) {
        return id.classes().isEmpty() ? id.nameWithParam() : String.join(".", id.classes()) + "." + id.nameWithParam();
    }
}

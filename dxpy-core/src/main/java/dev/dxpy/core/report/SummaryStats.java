package dev.dxpy.core.report;

import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.report.Terminal.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** pytest's final counts line: {@code 1 failed, 2 passed, 1 skipped, 1 xfailed, 1 xpassed, 2 warnings, 1 error}. */
record SummaryStats(Map<Outcome, Integer> counts, int collectionErrors, int warnings) {

    record Part(String text, Color color) {
    }

    int count(Outcome o) {
        return counts.getOrDefault(o, 0);
    }

    int errors() {
        return count(Outcome.ERROR) + collectionErrors;
    }

    /** The non-zero counts in pytest's order; empty when nothing ran. */
    List<Part> parts() {
        List<Part> parts = new ArrayList<>();
        add(parts, count(Outcome.FAILED), "failed", Color.RED);
        add(parts, count(Outcome.PASSED), "passed", Color.GREEN);
        add(parts, count(Outcome.SKIPPED), "skipped", Color.YELLOW);
        add(parts, count(Outcome.XFAILED), "xfailed", Color.YELLOW);
        add(parts, count(Outcome.XPASSED), "xpassed", Color.YELLOW);
        add(parts, warnings, warnings == 1 ? "warning" : "warnings", Color.YELLOW);
        add(parts, errors(), errors() == 1 ? "error" : "errors", Color.RED);
        return parts;
    }

    private static void add(List<Part> parts, int n, String word, Color color) {
        if (n > 0) {
            parts.add(new Part(n + " " + word, color));
        }
    }

    /** pytest's main colour: red on failures or errors, yellow on warnings or xpasses, green when something passed, else yellow. */
    Color mainColor() {
        if (count(Outcome.FAILED) > 0 || errors() > 0) {
            return Color.RED;
        }
        if (warnings > 0 || count(Outcome.XPASSED) > 0) {
            return Color.YELLOW;
        }
        return count(Outcome.PASSED) > 0 ? Color.GREEN : Color.YELLOW;
    }

    /** The plain text, e.g. {@code 1 failed, 2 passed in 0.12s} or {@code no tests ran in 0.01s}. */
    String text(String time) {
        List<Part> parts = parts();
        if (parts.isEmpty()) {
            return "no tests ran in " + time;
        }
        return String.join(", ", parts.stream().map(Part::text).toList()) + " in " + time;
    }

    /** The same line with each count in its colour. */
    String painted(Terminal t, String time) {
        List<Part> parts = parts();
        Color main = mainColor();
        if (parts.isEmpty()) {
            return t.paint(main, "no tests ran in " + time);
        }
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (sb.length() > 0) {
                sb.append(t.paint(main, ", "));
            }
            sb.append(t.paint(p.color(), p.text()));
        }
        return sb.append(t.paint(main, " in " + time)).toString();
    }
}

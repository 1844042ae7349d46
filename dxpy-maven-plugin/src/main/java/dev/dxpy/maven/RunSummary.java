package dev.dxpy.maven;

import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A run's counts in the two forms a Maven user reads: surefire's "Tests run" line and pytest's summary. */
final class RunSummary {

    /** pytest's order in its summary line; a collection error counts as an error, as in pytest. */
    private static final List<Outcome> PYTEST_ORDER = List.of(Outcome.FAILED, Outcome.PASSED, Outcome.SKIPPED,
            Outcome.XFAILED, Outcome.XPASSED, Outcome.ERROR);

    private final RunResult result;

    RunSummary(RunResult result) {
        this.result = result;
    }

    /** {@code Tests run: 4, Failures: 1, Errors: 0, Skipped: 1}; xfailed tests count as skipped, as in pytest's JUnit XML. */
    String surefireLine() {
        int errors = result.count(Outcome.ERROR) + result.errors().size();
        return "Tests run: " + (result.results().size() + result.errors().size())
                + ", Failures: " + result.count(Outcome.FAILED)
                + ", Errors: " + errors
                + ", Skipped: " + (result.count(Outcome.SKIPPED) + result.count(Outcome.XFAILED));
    }

    /** {@code 1 failed, 2 passed, 1 skipped in 0.12s}, or {@code no tests ran in 0.01s}. */
    String pytestLine() {
        List<String> parts = new ArrayList<>();
        for (Outcome outcome : PYTEST_ORDER) {
            int n = result.count(outcome) + (outcome == Outcome.ERROR ? result.errors().size() : 0);
            if (n > 0) {
                parts.add(n + " " + (outcome == Outcome.ERROR && n > 1 ? "errors" : outcome.label()));
            }
        }
        String counts = parts.isEmpty() ? "no tests ran" : String.join(", ", parts);
        return counts + String.format(Locale.ROOT, " in %.2fs", result.duration().toMillis() / 1000.0);
    }
}

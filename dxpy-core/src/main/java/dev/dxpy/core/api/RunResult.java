package dev.dxpy.core.api;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a whole run. {@code environment} describes where it ran, for reports: e.g.
 * {@code python.version} and {@code python.implementation} as the first worker announced them, and
 * {@code dxpy.workers}; empty when no worker started.
 */
public record RunResult(List<TestResult> results, List<CollectionError> errors, Duration duration,
        boolean interrupted, Map<String, String> environment) {

    /** pytest's exit codes. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_TESTS_FAILED = 1;
    public static final int EXIT_INTERRUPTED = 2;
    public static final int EXIT_USAGE = 4;
    public static final int EXIT_NO_TESTS = 5;

    public RunResult {
        results = List.copyOf(results);
        errors = List.copyOf(errors);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** A result without environment facts. */
    public RunResult(List<TestResult> results, List<CollectionError> errors, Duration duration, boolean interrupted) {
        this(results, errors, duration, interrupted, Map.of());
    }

    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (TestResult r : results) {
            counts.merge(r.outcome(), 1, Integer::sum);
        }
        return counts;
    }

    public int count(Outcome outcome) {
        return counts().getOrDefault(outcome, 0);
    }

    /** pytest's rule: interrupted 2, collection errors or failures 1, nothing collected 5, else 0. */
    public int exitCode() {
        if (interrupted) {
            return EXIT_INTERRUPTED;
        }
        if (!errors.isEmpty() || results.stream().anyMatch(r -> r.outcome().isFailure())) {
            return EXIT_TESTS_FAILED;
        }
        return results.isEmpty() ? EXIT_NO_TESTS : EXIT_OK;
    }
}

package dev.dxpy.core.api;

import java.time.Duration;

/**
 * What one test did. {@code message} is the one-line failure or skip reason, {@code longRepr} the
 * failure block (assertion introspection and traceback); captured output is kept for failing tests.
 * {@code fallbackReason} is empty when the native engine ran the test, else why pytest's own machinery
 * ran it (a conftest hook dxpy does not implement, a plugin fixture, doctests...). {@code phase} says where an
 * error came from, as pytest's {@code report.when}: {@code call}, or {@code setup} / {@code teardown} for an
 * error a fixture raised there (pytest's JUnit XML then says "failed on setup with ...").
 */
public record TestResult(
        TestId id,
        Outcome outcome,
        Duration duration,
        String message,
        String longRepr,
        String stdout,
        String stderr,
        boolean runtimeExpanded,
        String fallbackReason,
        String phase) {

    /** A result of the native engine (no fallback reason), from the test's call. */
    public TestResult(TestId id, Outcome outcome, Duration duration, String message, String longRepr, String stdout,
            String stderr, boolean runtimeExpanded) {
        this(id, outcome, duration, message, longRepr, stdout, stderr, runtimeExpanded, "");
    }

    /** A result from the test's call. */
    public TestResult(TestId id, Outcome outcome, Duration duration, String message, String longRepr, String stdout,
            String stderr, boolean runtimeExpanded, String fallbackReason) {
        this(id, outcome, duration, message, longRepr, stdout, stderr, runtimeExpanded, fallbackReason, "call");
    }

    public TestResult {
        phase = phase == null || phase.isEmpty() ? "call" : phase;
        fallbackReason = fallbackReason == null ? "" : fallbackReason;
        message = message == null ? "" : message;
        longRepr = longRepr == null ? "" : longRepr;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public String nodeId() {
        return id.nodeId();
    }

    /**
     * The JUnit XML {@code message} of this result, as pytest writes it: an error from a fixture's setup or
     * teardown is {@code failed on setup with "<message>"} (or teardown), anything else its message.
     */
    public String junitMessage() {
        return outcome == Outcome.ERROR && !phase.equals("call") ? "failed on " + phase + " with \"" + message + "\""
                : message;
    }

    /** A result for a test that could not be run, e.g. because its worker died. */
    public static TestResult error(TestId id, String message, String longRepr) {
        return new TestResult(id, Outcome.ERROR, Duration.ZERO, message, longRepr, "", "", false);
    }
}

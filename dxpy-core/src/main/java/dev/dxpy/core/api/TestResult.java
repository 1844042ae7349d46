package dev.dxpy.core.api;

import java.time.Duration;

/**
 * What one test did. {@code message} is the one-line failure or skip reason, {@code longRepr} the
 * failure block (assertion introspection and traceback); captured output is kept for failing tests.
 * {@code fallbackReason} is empty when the native engine ran the test, else why pytest's own machinery
 * ran it (a conftest hook dxpy does not implement, a plugin fixture, doctests...).
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
        String fallbackReason) {

    /** A result of the native engine: no fallback reason. */
    public TestResult(TestId id, Outcome outcome, Duration duration, String message, String longRepr, String stdout,
            String stderr, boolean runtimeExpanded) {
        this(id, outcome, duration, message, longRepr, stdout, stderr, runtimeExpanded, "");
    }

    public TestResult {
        fallbackReason = fallbackReason == null ? "" : fallbackReason;
        message = message == null ? "" : message;
        longRepr = longRepr == null ? "" : longRepr;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public String nodeId() {
        return id.nodeId();
    }

    /** A result for a test that could not be run, e.g. because its worker died. */
    public static TestResult error(TestId id, String message, String longRepr) {
        return new TestResult(id, Outcome.ERROR, Duration.ZERO, message, longRepr, "", "", false);
    }
}

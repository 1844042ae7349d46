package dev.dxpy.core.api;

import java.time.Duration;

/**
 * What one test did. {@code message} is the one-line failure or skip reason, {@code longRepr} the
 * failure block (assertion introspection and traceback); captured output is kept for failing tests.
 */
public record TestResult(
        TestId id,
        Outcome outcome,
        Duration duration,
        String message,
        String longRepr,
        String stdout,
        String stderr,
        boolean runtimeExpanded) {

    public TestResult {
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

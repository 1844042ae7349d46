package dev.dxpy.core.protocol;

import dev.dxpy.core.api.Outcome;
import java.util.List;
import java.util.Objects;

/**
 * One test result (worker &rarr; engine); a run-time expanded test sends one per parameter set.
 *
 * @param nodeId the pytest node id
 * @param outcome the outcome
 * @param durationNs how long the test ran
 * @param message one line, e.g. {@code assert 847 == 848} or the skip reason
 * @param longrepr the failure block: introspection and traceback trimmed to user code
 * @param stdout captured standard output (sent for failing tests)
 * @param stderr captured standard error
 * @param log captured logging
 * @param runtimeExpanded whether the id came from run-time parametrize expansion
 * @param fallbackReason set when pytest's own machinery ran the test: why the native engine did not
 * @param phase where an error came from, as pytest's {@code report.when}: {@code call} (the default; every
 *     outcome but an error from a fixture), {@code setup} or {@code teardown}
 */
public record TestResultMessage(String nodeId, Outcome outcome, long durationNs, String message, String longrepr,
        String stdout, String stderr, String log, boolean runtimeExpanded, String fallbackReason, String phase)
        implements Message {
    /** The phases, by their code in the payload. */
    public static final List<String> PHASES = List.of("call", "setup", "teardown");

    /** A result the native engine produced (no fallback reason), from the test's call. */
    public TestResultMessage(String nodeId, Outcome outcome, long durationNs, String message, String longrepr,
            String stdout, String stderr, String log, boolean runtimeExpanded) {
        this(nodeId, outcome, durationNs, message, longrepr, stdout, stderr, log, runtimeExpanded, "");
    }

    /** A result from the test's call. */
    public TestResultMessage(String nodeId, Outcome outcome, long durationNs, String message, String longrepr,
            String stdout, String stderr, String log, boolean runtimeExpanded, String fallbackReason) {
        this(nodeId, outcome, durationNs, message, longrepr, stdout, stderr, log, runtimeExpanded, fallbackReason,
                "call");
    }

    public TestResultMessage {
        nodeId = Values.text(nodeId);
        Objects.requireNonNull(outcome, "outcome");
        message = Values.text(message);
        longrepr = Values.text(longrepr);
        stdout = Values.text(stdout);
        stderr = Values.text(stderr);
        log = Values.text(log);
        fallbackReason = Values.text(fallbackReason);
        phase = phase == null || phase.isEmpty() ? "call" : phase;
        if (!PHASES.contains(phase)) {
            throw new IllegalArgumentException("phase must be one of " + PHASES + ", got " + phase);
        }
    }

    @Override
    public MessageType type() {
        return MessageType.TEST_RESULT;
    }
}

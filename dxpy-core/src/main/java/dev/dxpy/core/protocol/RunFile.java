package dev.dxpy.core.protocol;

import java.util.List;

/**
 * Run these tests of one file, in this order (engine &rarr; worker).
 *
 * @param file path relative to rootdir, {@code /} separated
 * @param tests the tests, in run order
 * @param collectOnly list the tests instead of running them: the worker sends one {@link TestStarted} per test
 *     it would run (run-time parametrization and doctests expanded), then {@link FileDone}
 */
public record RunFile(String file, List<TestRef> tests, boolean collectOnly) implements Message {

    public RunFile {
        file = Values.text(file);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    /** Run the tests. */
    public RunFile(String file, List<TestRef> tests) {
        this(file, tests, false);
    }

    @Override
    public MessageType type() {
        return MessageType.RUN_FILE;
    }
}

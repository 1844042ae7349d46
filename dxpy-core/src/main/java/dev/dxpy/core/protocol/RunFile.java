package dev.dxpy.core.protocol;

import java.util.List;

/**
 * Run these tests of one file, in this order (engine &rarr; worker).
 *
 * @param file path relative to rootdir, {@code /} separated
 * @param tests the tests, in run order
 */
public record RunFile(String file, List<TestRef> tests) implements Message {

    public RunFile {
        file = Values.text(file);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    @Override
    public MessageType type() {
        return MessageType.RUN_FILE;
    }
}

package dev.dxpy.core.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The exception type of a failure, for surefire's required {@code type} attribute, read from pytest's texts. */
final class FailureType {

    /** pytest's last traceback line, {@code tests/test_a.py:9: AssertionError}. */
    private static final Pattern LOCATION = Pattern.compile("^.*:\\d+: ([A-Za-z_][\\w.]*)\\s*$");
    /** A message starting with the exception, {@code RuntimeError: boom}, possibly quoted by pytest's setup error. */
    private static final Pattern PREFIX = Pattern.compile("(?:^|\")([A-Za-z_][\\w.]*(?:Error|Exception|Exit|Interrupt|Failed|Warning)):");

    private FailureType() {
    }

    static String of(String longRepr, String message, String fallback) {
        String[] lines = longRepr.strip().split("\n");
        Matcher m = LOCATION.matcher(lines[lines.length - 1]);
        if (m.matches()) {
            return m.group(1);
        }
        Matcher p = PREFIX.matcher(message);
        return p.find() ? p.group(1) : fallback;
    }
}

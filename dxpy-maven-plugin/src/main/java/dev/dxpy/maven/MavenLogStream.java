package dev.dxpy.maven;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.maven.plugin.logging.Log;

/** Feeds the engine's console report into Maven's log one line at a time; lines reporting a failed test go to the error level. */
final class MavenLogStream extends OutputStream {

    /** {@code FAILED tests/a.py::t - ...} in the short summary, or a result word ending a progress line. */
    private static final Pattern FAILURE = Pattern.compile("^(FAILED|ERROR)\\b.*|.*\\s(FAILED|ERROR)(\\s+\\[\\s*\\d+%])?$");

    private final Log log;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private MavenLogStream(Log log) {
        this.log = log;
    }

    static PrintStream of(Log log) {
        return new PrintStream(new MavenLogStream(log), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (FAILURE.matcher(text).matches()) {
            log.error(text);
        } else {
            log.info(text);
        }
    }
}

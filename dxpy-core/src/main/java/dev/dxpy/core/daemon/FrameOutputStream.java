package dev.dxpy.core.daemon;

import dev.dxpy.core.protocol.ClientOutput;
import dev.dxpy.core.protocol.FrameWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Console output of a daemon command, sent to the client as CLIENT_OUTPUT frames on every flush. */
final class FrameOutputStream extends OutputStream {
    private final FrameWriter writer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    FrameOutputStream(FrameWriter writer) {
        this.writer = writer;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        buffer.write(b, off, len);
        if (buffer.size() > 1 << 16) {
            flush();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (buffer.size() > 0) {
            // split at a character boundary is not needed: the buffer is flushed whole and UTF-8 text is
            // written by PrintStream in whole characters
            writer.write(0, new ClientOutput(buffer.toString(StandardCharsets.UTF_8), false, 0));
            buffer.reset();
        }
    }
}

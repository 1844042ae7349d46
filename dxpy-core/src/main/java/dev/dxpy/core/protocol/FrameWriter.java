package dev.dxpy.core.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Writes frames to a stream (a worker's stdin); safe to share between threads, one frame at a time. */
public final class FrameWriter implements Closeable {

    private final OutputStream out;

    public FrameWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes the header and payload of {@code m} in one write, then flushes. */
    public synchronized void write(long requestId, Message m) throws IOException {
        out.write(FrameCodec.encode(requestId, m));
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}

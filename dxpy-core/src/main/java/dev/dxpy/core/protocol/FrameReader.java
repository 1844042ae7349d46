package dev.dxpy.core.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frames from a stream (a worker's stdout). Not thread-safe: one reader thread per channel. After a
 * {@link ProtocolException} the stream is out of step; close it and replace the worker.
 */
public final class FrameReader implements Closeable {

    private final InputStream in;
    private final byte[] header = new byte[FrameCodec.HEADER_SIZE];

    public FrameReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next frame, blocking until it is complete.
     *
     * @return the frame, or {@code null} if the stream ended cleanly before a header
     * @throws ProtocolException if the frame is malformed or the stream ends inside it
     * @throws IOException if the stream fails
     */
    public Frame read() throws IOException {
        int n = in.readNBytes(header, 0, header.length);
        if (n == 0) {
            return null;
        }
        if (n < header.length) {
            throw FrameCodec.truncatedHeader(n);
        }
        FrameHeader h = FrameCodec.decodeHeader(header, 0);
        // readNBytes(int) grows its buffer as data arrives, so a corrupt length does not allocate 64 MiB up front
        byte[] payload = in.readNBytes(h.payloadLength());
        if (payload.length < h.payloadLength()) {
            throw FrameCodec.truncatedPayload(h, payload.length);
        }
        return new Frame(h.type(), h.requestId(), FrameCodec.decodePayload(h, payload, 0));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package dev.dxpy.core.protocol;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads frames from a stream (a worker's stdout). Not thread-safe: one reader thread per channel. After a
 * {@link ProtocolException} the stream is out of step; close it and replace the worker.
 */
public final class FrameReader implements Closeable {

    private static final int CHUNK = 1 << 20;

    private final InputStream in;
    private final SharedMemoryRing ring;
    private final byte[] header = new byte[FrameCodec.HEADER_SIZE];

    public FrameReader(InputStream in) {
        this(in, null);
    }

    /** A reader that takes payloads of frames with flag bit 0 from {@code ring} (the peer's ring; may be null). */
    public FrameReader(InputStream in, SharedMemoryRing ring) {
        this.in = in;
        this.ring = ring;
    }

    /**
     * The next frame, blocking until it is complete.
     *
     * @return the frame, or {@code null} if the stream ended cleanly before a header
     * @throws ProtocolException if the frame is malformed or the stream ends inside it
     * @throws IOException if the stream fails
     */
    public Frame read() throws IOException {
        int n = readFully(header, 0, header.length);
        if (n == 0) {
            return null;
        }
        if (n < header.length) {
            throw FrameCodec.truncatedHeader(n);
        }
        FrameHeader h = FrameCodec.decodeHeader(header, 0);
        byte[] payload = h.shared() ? FrameCodec.sharedPayload(h, ring) : readPayload(h);
        return new Frame(h.type(), h.requestId(), FrameCodec.decodePayload(h, payload, 0));
    }

    /** Reads in chunks of at most 1 MiB, so a corrupt length cannot make it allocate 64 MiB up front. */
    private byte[] readPayload(FrameHeader h) throws IOException {
        int length = h.payloadLength();
        byte[] payload = new byte[Math.min(length, CHUNK)];
        int got = 0;
        while (got < length) {
            if (got == payload.length) {
                payload = Arrays.copyOf(payload, (int) Math.min(length, 2L * payload.length));
            }
            int n = readFully(payload, got, payload.length - got);
            got += n;
            if (got < payload.length) {
                throw FrameCodec.truncatedPayload(h, got);
            }
        }
        return payload;
    }

    /** Reads until {@code len} bytes or the end of the stream; returns how many were read. */
    private int readFully(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package dev.dxpy.core.protocol;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A memory-mapped log of whole frames (header and payload, exactly the bytes that would go on the channel),
 * written by a worker and read by the engine; one writer and one reader. The worker writes its
 * TEST_STARTED and TEST_RESULT frames here and rings a doorbell ({@link FramesLogged}) on the pipe now and
 * then, instead of writing every frame to the pipe. Bytes written to a shared mapping outlive the writer, so
 * after a worker crash the engine still reads every frame it published.
 *
 * <pre>
 *  0  8  magic "DXPYFLOG"      24  8  consumed: u64, published by the reader
 *  8  8  capacity: data bytes  32 32  zero
 * 16  8  written: u64, published by the writer after the frame's bytes;   64..64+capacity: data
 * </pre>
 *
 * After the data, at {@code 64 + capacity} rounded up to a multiple of 8, the <em>running slot</em> ({@link #SLOT_BYTES} bytes): the test the
 * worker runs now, written by the worker before each test instead of a TEST_STARTED frame (one frame fewer per
 * test for the worker to encode and the engine to decode), read by the engine only when it needs to know
 * (a crash, a timeout, a steal):
 *
 * <pre>
 *  +0  8  seq: u64, odd while the worker writes the slot    +16  4  length of the node id in UTF-8 (0: none)
 *  +8  8  request id of the RUN_FILE the test belongs to    +20  4  zero;  +24..: the node id's bytes
 * </pre>
 *
 * A node id longer than {@link #SLOT_ID_BYTES} goes as a TEST_STARTED frame, with the slot emptied first.
 *
 * <p>Frames lie back to back at monotonic positions, position {@code p} at data offset {@code p % capacity}; a
 * frame may wrap around the end. The writer appends a frame only when {@code written + size - consumed <=
 * capacity}. The reader decodes the frames between {@code consumed} and {@code written}, zeroes their bytes
 * (so a frame published before its bytes are visible, on a weakly ordered machine, reads as a bad header,
 * never as an old frame) and publishes the new {@code consumed}. Frames whose payload is in the worker's
 * {@link SharedMemoryRing} take it from there, in log order.
 */
public final class FrameLog implements AutoCloseable {
    /** Bytes before the data area (the ring's layout: magic and capacity first). */
    public static final int CONTROL = SharedMemoryRing.CONTROL;

    private static final byte[] MAGIC = "DXPYFLOG".getBytes(StandardCharsets.US_ASCII);
    private static final int WRITTEN = 16;
    private static final int CONSUMED = 24;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Size of the running slot after the data area. */
    public static final int SLOT_BYTES = 64 * 1024;
    private static final int SLOT_HEADER = 24;
    /** The longest node id (UTF-8 bytes) the running slot holds. */
    public static final int SLOT_ID_BYTES = SLOT_BYTES - SLOT_HEADER;

    private final Path path;
    private final MappedByteBuffer map;
    private final int capacity;
    private final int slot;
    private long consumed;

    private FrameLog(Path path, MappedByteBuffer map, int capacity) {
        this.path = path;
        this.map = map;
        this.capacity = capacity;
        this.slot = slotOffset(capacity);
    }

    /** Creates a new, empty log file of {@code capacity} data bytes (and the running slot); fails if the file exists. */
    public static FrameLog create(Path path, int capacity) throws IOException {
        int pad = slotOffset(capacity) - CONTROL - capacity;
        return new FrameLog(path, SharedMemoryRing.createMapped(path, MAGIC, capacity, pad + SLOT_BYTES, "frame log"),
                capacity);
    }

    /** Where the running slot starts: after the data, at the next multiple of 8 (its words are aligned). */
    static int slotOffset(int capacity) {
        return (CONTROL + capacity + 7) & ~7;
    }

    /** What the running slot says: the test the worker announced last, and the RUN_FILE request it belongs to. */
    public record Running(long seq, long requestId, String nodeId) {
    }

    /**
     * The running slot's test, or null when it holds none (nothing announced yet, or the last test had a
     * TEST_STARTED frame instead) or the worker is writing it right now. Whether that test is still running is the
     * reader's to decide: the slot keeps a test after its TEST_RESULT, until the next test replaces it.
     */
    public Running running() {
        for (int attempt = 0; attempt < 3; attempt++) {
            long seq = (long) LONGS.getAcquire(map, slot);
            if ((seq & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long request = map.getLong(slot + 8);
            int len = map.getInt(slot + 16);
            if (len < 0 || len > SLOT_ID_BYTES) {
                return null; // not a slot the worker wrote whole
            }
            byte[] id = new byte[len];
            map.get(slot + SLOT_HEADER, id);
            VarHandle.acquireFence();
            if ((long) LONGS.getAcquire(map, slot) == seq) {
                return len == 0 ? null : new Running(seq, request, new String(id, StandardCharsets.UTF_8));
            }
        }
        return null;
    }

    /** The running slot's sequence number: it changes whenever the worker announces a test. */
    public long runningSeq() {
        return (long) LONGS.getAcquire(map, slot);
    }

    /** Writer side, for tests: announces {@code nodeId} (null: none) in the running slot, as the worker does. */
    synchronized void setRunning(long requestId, String nodeId) {
        long seq = (long) LONGS.getOpaque(map, slot);
        byte[] id = nodeId == null ? new byte[0] : nodeId.getBytes(StandardCharsets.UTF_8);
        LONGS.setRelease(map, slot, seq + 1);
        map.putLong(slot + 8, requestId);
        map.putInt(slot + 16, id.length);
        map.put(slot + SLOT_HEADER, id);
        LONGS.setRelease(map, slot, seq + 2);
    }

    public Path path() {
        return path;
    }

    public int capacity() {
        return capacity;
    }

    /** The position up to which the writer has published whole frames. */
    public long written() {
        return (long) LONGS.getAcquire(map, WRITTEN);
    }

    /** The position up to which this reader has delivered frames. */
    public synchronized long consumed() {
        return consumed;
    }

    /**
     * Writer side: appends one whole frame and publishes it, if there is room.
     *
     * @return false, writing nothing, when the unread frames leave no room for it
     */
    public synchronized boolean append(byte[] frame) {
        long w = (long) LONGS.getOpaque(map, WRITTEN);
        if (w + frame.length - (long) LONGS.getAcquire(map, CONSUMED) > capacity) {
            return false;
        }
        write(w, frame, 0, frame.length);
        LONGS.setRelease(map, WRITTEN, w + frame.length);
        return true;
    }

    /** Writer side, for tests: publishes {@code position} as written, whatever the bytes before it hold. */
    synchronized void publish(long position) {
        LONGS.setRelease(map, WRITTEN, position);
    }

    /** Writer side, for tests: writes bytes at {@code position} without publishing them (a writer killed mid-frame). */
    synchronized void write(long position, byte[] b, int off, int len) {
        int at = (int) (position % capacity);
        int first = Math.min(len, capacity - at);
        map.put(CONTROL + at, b, off, first);
        map.put(CONTROL, b, off + first, len - first);
    }

    /**
     * Delivers the published frames not read yet to {@code sink}, in order, and releases their space.
     * Frames that end at or before {@code strictUpTo} must be whole and valid (the writer published them
     * before it rang, so anything else is corruption); a later frame that does not decode is taken as
     * not fully visible yet: reading stops before it, to resume on the next call.
     *
     * @param payloads the worker's payload ring, for frames with flag bit 0 (may be null)
     * @return the number of frames delivered
     * @throws ProtocolException if a frame up to {@code strictUpTo} is malformed, or the published position is impossible
     */
    public int drain(SharedMemoryRing payloads, long strictUpTo, Consumer<Frame> sink) throws ProtocolException {
        return drain(payloads, strictUpTo, false, 0, sink);
    }

    /**
     * {@link #drain} of the frames of request {@code requestId} only: reading stops before the first frame of
     * another request (a worker that has a next file queued logs its frames right after the FILE_DONE of this
     * one, which comes over the pipe: they must wait until that FILE_DONE is delivered).
     */
    public int drain(SharedMemoryRing payloads, long strictUpTo, long requestId, Consumer<Frame> sink)
            throws ProtocolException {
        return drain(payloads, strictUpTo, true, requestId, sink);
    }

    private synchronized int drain(SharedMemoryRing payloads, long strictUpTo, boolean onlyRequest, long requestId,
            Consumer<Frame> sink) throws ProtocolException {
        long w = written();
        if (w < consumed || w - consumed > capacity) {
            if (strictUpTo > consumed) {
                throw new ProtocolException(ProtocolException.Kind.BAD_SHARED_MEMORY, "frame log " + path
                        + " says frames were written up to position " + w + " but " + consumed
                        + " were read and it holds " + capacity + " bytes: the log is corrupted");
            }
            return 0;
        }
        int n = 0;
        boolean otherRequest = false;
        try {
            while (w - consumed >= FrameCodec.HEADER_SIZE) {
                FrameHeader h = FrameCodec.decodeHeader(read(consumed, FrameCodec.HEADER_SIZE), 0);
                if (onlyRequest && h.requestId() != requestId) {
                    otherRequest = true;
                    break;
                }
                Frame f = next(payloads, w, h);
                if (f == null) {
                    break;
                }
                sink.accept(f);
                n++;
            }
        } catch (ProtocolException e) {
            if (strictUpTo > consumed) {
                throw e;
            }
        } finally {
            if (n > 0) {
                LONGS.setRelease(map, CONSUMED, consumed);
            }
        }
        if (strictUpTo > consumed && !otherRequest) {
            throw new ProtocolException(ProtocolException.Kind.BAD_SHARED_MEMORY, "frame log " + path + " ends with"
                    + " a partial frame at position " + consumed + " before the published position " + strictUpTo
                    + ": the log is corrupted");
        }
        return n;
    }

    /**
     * Delivers the logged frames that come before {@code pipeFrame}, a frame the worker wrote to the pipe after
     * them: up to a doorbell's position they must all be there, else up to what is published. Behind a frame of
     * a request (a doorbell or FILE_DONE of one file) only that request's frames: a worker with the next file
     * queued logs that file's frames once it has written FILE_DONE, and they come after it, even when the
     * reader gets to an earlier doorbell only then.
     */
    public int drainBefore(SharedMemoryRing payloads, Frame pipeFrame, Consumer<Frame> sink) throws ProtocolException {
        long strictUpTo = pipeFrame.message() instanceof FramesLogged d ? d.position() : written();
        return drain(payloads, strictUpTo, pipeFrame.requestId() != 0, pipeFrame.requestId(), sink);
    }

    /** {@link #drain} of everything published: every frame must be whole and valid (the writer has rung or died). */
    public int drainAll(SharedMemoryRing payloads, Consumer<Frame> sink) throws ProtocolException {
        return drain(payloads, written(), sink);
    }

    /** {@link #drain} while the writer may still be writing: a frame that does not decode is not there yet, never an error. */
    public int peek(SharedMemoryRing payloads, Consumer<Frame> sink) {
        return peek(payloads, false, 0, sink);
    }

    /** {@link #peek} of the frames of request {@code requestId} only (see {@link #drain(SharedMemoryRing, long, long, Consumer)}). */
    public int peek(SharedMemoryRing payloads, long requestId, Consumer<Frame> sink) {
        return peek(payloads, true, requestId, sink);
    }

    /** {@link #peek}; with {@code onlyRequest}, of the frames of request {@code requestId} only. */
    public int peek(SharedMemoryRing payloads, boolean onlyRequest, long requestId, Consumer<Frame> sink) {
        try {
            return drain(payloads, Long.MIN_VALUE, onlyRequest, requestId, sink);
        } catch (ProtocolException e) {
            throw new IllegalStateException("a lenient drain threw", e);
        }
    }

    /** The frame at {@code consumed}, whose header is {@code h}, advancing past it; null when it does not end by {@code w}. */
    private Frame next(SharedMemoryRing payloads, long w, FrameHeader h) throws ProtocolException {
        long size = FrameCodec.HEADER_SIZE + (h.shared() ? 0 : (long) h.payloadLength());
        if (w - consumed < size) {
            return null;
        }
        Message m;
        if (h.shared()) {
            byte[] payload = payloads == null ? FrameCodec.sharedPayload(h, null) // throws: no ring
                    : payloads.copy(h.sharedOffset(), h.payloadLength(), h.type());
            m = FrameCodec.decodePayload(h, payload, 0);
            payloads.release(h.sharedOffset(), h.payloadLength());
        } else {
            m = FrameCodec.decodePayload(h, read(consumed + FrameCodec.HEADER_SIZE, h.payloadLength()), 0);
        }
        write(consumed, new byte[(int) size], 0, (int) size);
        consumed += size;
        return new Frame(h.type(), h.requestId(), m);
    }

    private byte[] read(long position, int len) {
        byte[] out = new byte[len];
        int at = (int) (position % capacity);
        int first = Math.min(len, capacity - at);
        map.get(CONTROL + at, out, 0, first);
        map.get(CONTROL, out, first, len - first);
        return out;
    }

    /** Deletes the log file; the mapping goes away with the buffer. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover file in /dev/shm is removed at reboot
        }
    }
}

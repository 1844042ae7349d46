package dev.dxpy.core.protocol;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A memory-mapped ring through which one side of a channel passes payloads larger than
 * {@link #THRESHOLD} bytes; the frame header then carries flag bit 0 and the payload's offset in the
 * ring (in the header's last word) instead of the payload. One writer and one reader per ring.
 *
 * <pre>
 *  0  8  magic "DXPYRING"      16  8  consumed: u64 position up to which the reader has copied payloads
 *  8  8  capacity: data bytes  24 40  zero;   64..64+capacity: data
 * </pre>
 *
 * The writer keeps a monotonic position {@code p}; a payload goes to offset {@code p % capacity}, or to
 * 0 when it would not fit before the end, and only when {@code p + length - consumed <= capacity};
 * otherwise the writer sends it inline. The reader recovers {@code p} from the offset and its own
 * {@code consumed}, copies the bytes out and publishes the new {@code consumed}.
 */
public final class SharedMemoryRing implements AutoCloseable {
    /** Payloads longer than this go through the ring when one is attached. */
    public static final int THRESHOLD = 1024;
    /** Bytes before the data area. */
    public static final int CONTROL = 64;

    private static final byte[] MAGIC = "DXPYRING".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final MappedByteBuffer map;
    private final long capacity;
    private long consumed;
    private long position;

    private SharedMemoryRing(Path path, MappedByteBuffer map, long capacity) {
        this.path = path;
        this.map = map;
        this.capacity = capacity;
    }

    /** Creates a new ring file of {@code capacity} data bytes; fails if the file exists. */
    public static SharedMemoryRing create(Path path, int capacity) throws IOException {
        return new SharedMemoryRing(path, createMapped(path, MAGIC, capacity, "ring"), capacity);
    }

    /**
     * Creates the file of a shared-memory structure laid out as the ring and {@link FrameLog} are: {@link #CONTROL}
     * bytes (8 of magic, then the data capacity as a little-endian u64, the rest the structure's own) and
     * {@code capacity} data bytes; fails if the file exists.
     */
    static MappedByteBuffer createMapped(Path path, byte[] magic, int capacity, String what) throws IOException {
        return createMapped(path, magic, capacity, 0, what);
    }

    /** {@link #createMapped(Path, byte[], int, String)} with {@code extra} bytes after the data (the structure's own). */
    static MappedByteBuffer createMapped(Path path, byte[] magic, int capacity, int extra, String what) throws IOException {
        if (capacity < 4096) {
            throw new IllegalArgumentException(what + " capacity must be >= 4096 bytes, got " + capacity);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, CONTROL + (long) capacity + extra);
            map.order(ByteOrder.LITTLE_ENDIAN);
            map.put(0, magic);
            map.putLong(8, capacity);
            return map;
        }
    }

    /** The directory for ring files: {@code /dev/shm} when it exists, else {@code fallback}. */
    public static Path defaultDirectory(Path fallback) {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : fallback;
    }

    public Path path() {
        return path;
    }

    public long capacity() {
        return capacity;
    }

    /**
     * Copies the payload at {@code offset} out of the ring and releases its space to the writer.
     *
     * @throws ProtocolException of kind {@code BAD_SHARED_MEMORY} if the reference lies outside the ring
     */
    public synchronized byte[] take(long offset, int length, MessageType type) throws ProtocolException {
        byte[] out = copy(offset, length, type);
        release(offset, length);
        return out;
    }

    /**
     * Copies the payload at {@code offset} out of the ring without releasing its space ({@link #release} does),
     * for a reader that must check it before committing to it.
     *
     * @throws ProtocolException of kind {@code BAD_SHARED_MEMORY} if the reference lies outside the ring
     */
    public synchronized byte[] copy(long offset, int length, MessageType type) throws ProtocolException {
        if (offset < 0 || length < 0 || offset + length > capacity) {
            throw new ProtocolException(ProtocolException.Kind.BAD_SHARED_MEMORY, "shared-memory payload of a " + type
                    + " frame at offset " + offset + " with length " + length + " lies outside the " + capacity
                    + "-byte ring " + path + ": the channel is corrupted");
        }
        byte[] out = new byte[length];
        map.get(CONTROL + (int) offset, out);
        return out;
    }

    /** Releases the space of the payload at {@code offset}, the next one in frame order, to the writer. */
    public synchronized void release(long offset, int length) {
        long p = consumed + Math.floorMod(offset - consumed % capacity, capacity);
        consumed = p + length;
        LONGS.setRelease(map, 16, consumed);
    }

    /**
     * Writes {@code payload} into the ring if it is longer than {@link #THRESHOLD} and there is room.
     *
     * @return its offset, or -1 when it must go inline
     */
    public synchronized long put(byte[] payload) {
        int n = payload.length;
        if (n <= THRESHOLD || n > capacity) {
            return -1;
        }
        long p = position;
        long off = p % capacity;
        if (off + n > capacity) {
            p += capacity - off;
            off = 0;
        }
        long read = (long) LONGS.getAcquire(map, 16);
        if (p + n - read > capacity) {
            return -1;
        }
        map.put(CONTROL + (int) off, payload);
        position = p + n;
        return off;
    }

    /** Deletes the ring file; the mapping goes away with the buffer. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover file in /dev/shm is removed by the next `daemon stop` or reboot
        }
    }
}

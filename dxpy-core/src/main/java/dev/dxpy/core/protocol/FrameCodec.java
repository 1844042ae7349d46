package dev.dxpy.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Encodes and decodes whole frames: a 32-byte little-endian header followed by a FlatBuffers payload.
 *
 * <pre>
 *  0  4  magic "DXPY"          16  8  request id u64
 *  4  2  version u16 = 1       24  4  CRC32 of the payload
 *  6  2  message type u16      28  4  reserved, 0
 *  8  4  flags u32             (bit 0: payload in shared memory; then 28..32 is its offset there)
 * 12  4  payload length u32    (at most {@link #MAX_PAYLOAD})
 * </pre>
 *
 * <p>With flag bit 0 no payload follows the header: the payload (of the header's length and CRC32) is at
 * the header's offset in the sender's {@link SharedMemoryRing}.
 *
 * <pre>
 * </pre>
 */
public final class FrameCodec {

    /** Bytes in a frame header. */
    public static final int HEADER_SIZE = 32;
    /** The protocol version this codec speaks. */
    public static final int VERSION = 1;
    /** The magic bytes "DXPY" read big-endian, as error messages print them. */
    public static final int MAGIC = 0x44585059;
    /** Largest payload accepted: 64 MiB. */
    public static final int MAX_PAYLOAD = 64 << 20;
    /** Flag bit 0: the payload lives in the sender's shared memory ring, at the offset in the last header word. */
    public static final int FLAG_SHARED_MEMORY = 1;

    private static final byte[] MAGIC_BYTES = {'D', 'X', 'P', 'Y'};

    private FrameCodec() {
    }

    /** The frame (header and payload) carrying {@code m} under {@code requestId}. */
    public static byte[] encode(long requestId, Message m) {
        return encode(requestId, m, null);
    }

    /**
     * The frame carrying {@code m}: when {@code ring} is not null and takes the payload (over
     * {@link SharedMemoryRing#THRESHOLD} bytes and room left), only the header with flag bit 0.
     */
    public static byte[] encode(long requestId, Message m, SharedMemoryRing ring) {
        ByteBuffer payload = PayloadEncoder.encode(m);
        int length = payload.remaining();
        byte[] bytes = new byte[length];
        payload.get(bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        long offset = ring == null ? -1 : ring.put(bytes);
        byte[] frame = new byte[HEADER_SIZE + (offset < 0 ? length : 0)];
        if (offset < 0) {
            System.arraycopy(bytes, 0, frame, HEADER_SIZE, length);
        }
        ByteBuffer h = ByteBuffer.wrap(frame, 0, HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC_BYTES)
                .putShort((short) VERSION)
                .putShort((short) m.type().code())
                .putInt(offset < 0 ? 0 : FLAG_SHARED_MEMORY)
                .putInt(length)
                .putLong(requestId)
                .putInt((int) crc.getValue())
                .putInt(offset < 0 ? 0 : (int) offset);
        return frame;
    }

    /**
     * Decodes one whole frame, which must be exactly a header and its payload.
     *
     * @throws ProtocolException naming what is wrong, if anything is
     */
    public static Frame decode(byte[] frame) throws ProtocolException {
        return decode(frame, null);
    }

    /**
     * Decodes one whole frame; a frame with flag bit 0 must be just the header, its payload is taken from
     * {@code ring}.
     *
     * @throws ProtocolException naming what is wrong, if anything is
     */
    public static Frame decode(byte[] frame, SharedMemoryRing ring) throws ProtocolException {
        FrameHeader header = decodeHeader(frame, 0);
        if (header.shared()) {
            if (frame.length != HEADER_SIZE) {
                throw new ProtocolException(ProtocolException.Kind.BAD_PAYLOAD, "frame of " + frame.length
                        + " bytes has a shared-memory " + header.type() + " payload, so it must be the 32-byte header only");
            }
            byte[] payload = sharedPayload(header, ring);
            return new Frame(header.type(), header.requestId(), decodePayload(header, payload, 0));
        }
        int available = frame.length - HEADER_SIZE;
        if (available < header.payloadLength()) {
            throw truncatedPayload(header, available);
        }
        if (available > header.payloadLength()) {
            throw new ProtocolException(ProtocolException.Kind.BAD_PAYLOAD, "frame of " + frame.length + " bytes has "
                    + (available - header.payloadLength()) + " bytes after its " + header.payloadLength()
                    + "-byte " + header.type() + " payload: the header's length is wrong");
        }
        return new Frame(header.type(), header.requestId(), decodePayload(header, frame, HEADER_SIZE));
    }

    /**
     * Decodes and validates the 32-byte header at {@code b[off]}.
     *
     * @throws ProtocolException if fewer than 32 bytes are there or any header field is invalid
     */
    public static FrameHeader decodeHeader(byte[] b, int off) throws ProtocolException {
        int available = b.length - off;
        if (available < HEADER_SIZE) {
            throw truncatedHeader(available);
        }
        ByteBuffer h = ByteBuffer.wrap(b, off, HEADER_SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
        int magic = h.order(ByteOrder.BIG_ENDIAN).getInt(0);
        h.order(ByteOrder.LITTLE_ENDIAN);
        if (magic != MAGIC) {
            throw new ProtocolException(ProtocolException.Kind.BAD_MAGIC, String.format(
                    "bad magic 0x%08X, expected 0x%08X ('DXPY'): the peer is not a dxpy worker or wrote to the"
                            + " channel (the header read as text: \"%s\")", magic, MAGIC, printable(b, off)));
        }
        int version = Short.toUnsignedInt(h.getShort(4));
        if (version != VERSION) {
            throw new ProtocolException(ProtocolException.Kind.UNSUPPORTED_VERSION, "protocol version " + version
                    + " is not supported, expected " + VERSION
                    + ": the worker files and the engine come from different dxpy versions");
        }
        MessageType type = MessageType.of(Short.toUnsignedInt(h.getShort(6)));
        int flags = h.getInt(8);
        if ((flags & ~FLAG_SHARED_MEMORY) != 0) {
            throw new ProtocolException(ProtocolException.Kind.BAD_FLAGS, String.format("unknown flags 0x%08X on a"
                    + " %s frame: protocol version %d defines only bit 0", flags, type, VERSION));
        }
        int reserved = h.getInt(28);
        boolean shared = (flags & FLAG_SHARED_MEMORY) != 0;
        if (reserved != 0 && !shared) {
            throw new ProtocolException(ProtocolException.Kind.RESERVED_NOT_ZERO, String.format("reserved header"
                    + " word is 0x%08X on a %s frame, expected 0: the peer speaks another protocol revision or the"
                    + " channel is corrupted", reserved, type));
        }
        long length = Integer.toUnsignedLong(h.getInt(12));
        if (length > MAX_PAYLOAD) {
            throw new ProtocolException(ProtocolException.Kind.LENGTH_TOO_LARGE, "payload length " + length
                    + " of a " + type + " frame exceeds the maximum of " + MAX_PAYLOAD
                    + " bytes (64 MiB): the channel is corrupted or the message must be split");
        }
        return new FrameHeader(version, type, flags, (int) length, h.getLong(16), h.getInt(24),
                shared ? Integer.toUnsignedLong(reserved) : 0);
    }

    /** The payload a shared-memory header refers to, copied out of {@code ring}. */
    static byte[] sharedPayload(FrameHeader header, SharedMemoryRing ring) throws ProtocolException {
        if (ring == null) {
            throw new ProtocolException(ProtocolException.Kind.BAD_SHARED_MEMORY, "a " + header.type() + " frame"
                    + " says its payload is in shared memory (flag bit 0) but this channel has no shared memory"
                    + " ring: the peer was started with a ring this reader does not know of");
        }
        return ring.take(header.sharedOffset(), header.payloadLength(), header.type());
    }

    /**
     * Checks the CRC32 of the payload at {@code b[off]} (of {@code header.payloadLength()} bytes, which the
     * caller has made sure are there) and decodes it.
     */
    static Message decodePayload(FrameHeader header, byte[] b, int off) throws ProtocolException {
        int length = header.payloadLength();
        CRC32 crc = new CRC32();
        crc.update(b, off, length);
        int actual = (int) crc.getValue();
        if (actual != header.crc32()) {
            throw new ProtocolException(ProtocolException.Kind.BAD_CHECKSUM, String.format("payload CRC32 0x%08X"
                    + " of a %d-byte %s frame does not match the header's 0x%08X: the payload was corrupted in"
                    + " transit", actual, length, header.type(), header.crc32()));
        }
        ByteBuffer payload = ByteBuffer.wrap(b, off, length).slice();
        return PayloadDecoder.decode(header.type(), payload);
    }

    static ProtocolException truncatedHeader(int available) {
        return new ProtocolException(ProtocolException.Kind.TRUNCATED_HEADER, "frame header truncated: "
                + available + " of " + HEADER_SIZE + " bytes before the end of the stream; the worker died or"
                + " closed the channel mid-frame");
    }

    static ProtocolException truncatedPayload(FrameHeader header, long available) {
        return new ProtocolException(ProtocolException.Kind.TRUNCATED_PAYLOAD, "payload truncated: " + available
                + " of " + header.payloadLength() + " bytes of a " + header.type() + " frame before the end of the"
                + " stream; the worker died or closed the channel mid-frame");
    }

    /** The header bytes as ASCII with non-printables as '.', to spot a stray print on the channel. */
    private static String printable(byte[] b, int off) {
        byte[] text = new byte[HEADER_SIZE];
        for (int i = 0; i < HEADER_SIZE; i++) {
            byte c = b[off + i];
            text[i] = c >= 0x20 && c < 0x7F && c != '"' ? c : (byte) '.';
        }
        return new String(text, StandardCharsets.US_ASCII);
    }
}

package dev.dxpy.core.protocol;

/**
 * A validated 32-byte frame header (magic, version, flags and reserved word already checked).
 *
 * @param version the protocol version, {@link FrameCodec#VERSION}
 * @param type the message type
 * @param flags the flag bits (0 in version 1)
 * @param payloadLength the payload length in bytes, at most {@link FrameCodec#MAX_PAYLOAD}
 * @param requestId the request id (a u64, carried as its bits)
 * @param crc32 the CRC32 of the payload
 * @param sharedOffset with flag bit 0, the payload's offset in the sender's {@link SharedMemoryRing}; else 0
 */
public record FrameHeader(int version, MessageType type, int flags, int payloadLength, long requestId, int crc32,
        long sharedOffset) {

    /** A header whose payload follows it inline. */
    public FrameHeader(int version, MessageType type, int flags, int payloadLength, long requestId, int crc32) {
        this(version, type, flags, payloadLength, requestId, crc32, 0);
    }

    /** Whether the payload lives in shared memory (flag bit 0). */
    public boolean shared() {
        return (flags & FrameCodec.FLAG_SHARED_MEMORY) != 0;
    }
}

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
 */
public record FrameHeader(int version, MessageType type, int flags, int payloadLength, long requestId, int crc32) {
}

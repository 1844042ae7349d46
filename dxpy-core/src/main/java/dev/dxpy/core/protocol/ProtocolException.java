package dev.dxpy.core.protocol;

import java.io.IOException;

/**
 * A frame on the engine-worker channel was malformed. The message names the values seen and what was
 * expected; once thrown by a {@link FrameReader}, the channel is out of step and the worker should be
 * replaced.
 */
public class ProtocolException extends IOException {

    /** What was wrong with the frame. */
    public enum Kind {
        /** The stream ended inside the 32-byte header. */
        TRUNCATED_HEADER,
        /** The first four bytes are not {@code DXPY}. */
        BAD_MAGIC,
        /** The header's version is not one this engine speaks. */
        UNSUPPORTED_VERSION,
        /** The message type code is not one of {@link MessageType}. */
        UNKNOWN_TYPE,
        /** A flag bit is set that is unknown. */
        BAD_FLAGS,
        /** The payload length exceeds {@link FrameCodec#MAX_PAYLOAD}. */
        LENGTH_TOO_LARGE,
        /** The stream ended inside the payload. */
        TRUNCATED_PAYLOAD,
        /** The payload's CRC32 does not match the header. */
        BAD_CHECKSUM,
        /** The payload is not a valid FlatBuffer of the table the type names. */
        BAD_PAYLOAD,
        /** The reserved header word is not zero (on a frame whose payload is inline). */
        RESERVED_NOT_ZERO,
        /**
         * A shared-memory payload reference is unusable: offset and length reach past the ring, or the
         * channel has no ring.
         */
        BAD_SHARED_MEMORY
    }

    private final Kind kind;

    public ProtocolException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ProtocolException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** What was wrong. */
    public Kind kind() {
        return kind;
    }
}

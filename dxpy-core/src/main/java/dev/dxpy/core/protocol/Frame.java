package dev.dxpy.core.protocol;

/**
 * One decoded frame.
 *
 * @param type the header's message type, equal to {@code message.type()}
 * @param requestId the header's request id (a u64, carried as its bits)
 * @param message the decoded payload
 */
public record Frame(MessageType type, long requestId, Message message) {
}

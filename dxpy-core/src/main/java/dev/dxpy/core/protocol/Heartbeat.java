package dev.dxpy.core.protocol;

/**
 * Liveness, either way.
 *
 * @param sentNs the sender's monotonic clock when sent, in nanoseconds
 */
public record Heartbeat(long sentNs) implements Message {

    @Override
    public MessageType type() {
        return MessageType.HEARTBEAT;
    }
}

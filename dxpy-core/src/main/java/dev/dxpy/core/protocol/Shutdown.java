package dev.dxpy.core.protocol;

/**
 * Finish and exit (engine &rarr; worker).
 *
 * @param reason why, for the worker's log
 */
public record Shutdown(String reason) implements Message {

    public Shutdown {
        reason = Values.text(reason);
    }

    @Override
    public MessageType type() {
        return MessageType.SHUTDOWN;
    }
}

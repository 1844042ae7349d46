package dev.dxpy.core.protocol;

/**
 * The doorbell of a worker's {@link FrameLog} (worker &rarr; engine): frames were written to the log up to
 * {@code position}; the engine reads them before anything that follows on the channel.
 *
 * @param position the log's write position (monotonic, in bytes) when the doorbell was sent
 */
public record FramesLogged(long position) implements Message {

    @Override
    public MessageType type() {
        return MessageType.FRAMES_LOGGED;
    }
}

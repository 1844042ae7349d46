package dev.dxpy.core.protocol;

/**
 * The worker hit an internal error (worker &rarr; engine).
 *
 * @param message what went wrong
 * @param traceback the Python traceback
 * @param fatal whether the worker is about to exit
 */
public record WorkerError(String message, String traceback, boolean fatal) implements Message {

    public WorkerError {
        message = Values.text(message);
        traceback = Values.text(traceback);
    }

    @Override
    public MessageType type() {
        return MessageType.WORKER_ERROR;
    }
}

package dev.dxpy.core.worker;

import dev.dxpy.core.api.DxpyException;

/** A worker process could not be started or did not complete its handshake. */
public class WorkerStartException extends DxpyException {

    public WorkerStartException(String message) {
        super(message);
    }

    public WorkerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.dxpy.core.api;

/** A run could not start or go on (bad configuration, no interpreter, ...); the message says what to do. */
public class DxpyException extends RuntimeException {

    public DxpyException(String message) {
        super(message);
    }

    public DxpyException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.dxpy.core.api;

/** A bad argument or option value (pytest's exit code 4); the message names it. */
public class UsageException extends DxpyException {

    public UsageException(String message) {
        super(message);
    }
}

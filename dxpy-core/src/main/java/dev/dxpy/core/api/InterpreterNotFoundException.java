package dev.dxpy.core.api;

/** The Python interpreter to run workers with cannot be found or started. */
public class InterpreterNotFoundException extends DxpyException {

    public InterpreterNotFoundException(String message) {
        super(message);
    }
}

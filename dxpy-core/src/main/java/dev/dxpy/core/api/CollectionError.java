package dev.dxpy.core.api;

/** A file that could not be collected (syntax error, import error), with the line when known (1-based, 0 if unknown). */
public record CollectionError(String file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}

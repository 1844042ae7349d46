package dev.dxpy.core.index;

/** An index file that cannot be decoded; discovery warns and rebuilds it. */
public final class IndexFormatException extends RuntimeException {

    public IndexFormatException(String message) {
        super(message);
    }
}

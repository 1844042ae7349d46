package dev.dxpy.core.graph;

/** A graph or snapshot file that is not in the documented format; the caller warns and rebuilds it. */
final class GraphFormatException extends RuntimeException {
    GraphFormatException(String message) {
        super(message);
    }
}

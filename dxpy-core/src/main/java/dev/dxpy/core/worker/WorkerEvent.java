package dev.dxpy.core.worker;

import dev.dxpy.core.protocol.Frame;

/** What a worker's channel produced: a frame, or the end of the process. */
public sealed interface WorkerEvent {

    /** A frame read from the worker. */
    record Received(Frame frame) implements WorkerEvent {
    }

    /** The channel closed: the process exited (code, or -1 if unknown) or wrote garbage ({@code cause}). */
    record Exited(int exitCode, String cause) implements WorkerEvent {
    }
}

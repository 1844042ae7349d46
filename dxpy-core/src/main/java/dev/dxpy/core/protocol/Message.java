package dev.dxpy.core.protocol;

/** A decoded frame payload; its {@link #type()} is the header's message type. */
public sealed interface Message
        permits Hello, Configure, RunFile, TestStarted, TestResultMessage, FileDone, Shutdown, Heartbeat,
        WorkerError, ClientRequest, ClientOutput, StopFile, FramesLogged, Collected {

    /** The header type this payload travels under. */
    MessageType type();
}

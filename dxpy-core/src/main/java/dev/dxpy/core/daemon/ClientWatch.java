package dev.dxpy.core.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Notices a client that goes away mid-command (Ctrl-C in the client, a killed terminal): after its request a
 * client sends nothing more, so end of stream on the socket means it is gone, and the thread serving it is
 * interrupted, which cancels the run (the scheduler stops dispatching and kills the busy workers). Reads the
 * channel directly, not through {@code Channels.newInputStream}, whose reads would hold the lock its writes
 * need.
 */
final class ClientWatch implements AutoCloseable {
    private final SocketChannel client;
    private final Thread serving;
    private boolean active = true;

    private ClientWatch(SocketChannel client, Thread serving) {
        this.client = client;
        this.serving = serving;
    }

    /** Watches {@code client} until {@link #close()}; interrupts {@code serving} if the client goes away first. */
    static ClientWatch start(SocketChannel client, Thread serving) {
        ClientWatch w = new ClientWatch(client, serving);
        Thread t = new Thread(w::watch, "dxpy-daemon-client-watch");
        t.setDaemon(true);
        t.start();
        return w;
    }

    private void watch() {
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            while (client.read(one) >= 0) {
                one.clear(); // a client sends nothing after its request: ignore anything it does
            }
        } catch (IOException e) {
            // reset by the client, or closed by close(): either way this watch is over
        }
        synchronized (this) {
            if (active) {
                serving.interrupt();
            }
        }
    }

    /** Stops watching; afterwards the serving thread is never interrupted by this watch. */
    @Override
    public synchronized void close() {
        active = false;
    }
}

package dev.dxpy.core.daemon;

import dev.dxpy.core.protocol.ClientOutput;
import dev.dxpy.core.protocol.FrameWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Console output of a daemon command, sent to the client as CLIENT_OUTPUT frames. The console reporter
 * flushes after every test; sending a frame each time would cost 10,000 frames for 10,000 dots, so a flush
 * sends only when {@link #INTERVAL_NS} has passed since the last frame, and a background thread sends
 * what is left over {@link #INTERVAL_NS} later. {@link #close()} sends the rest.
 */
final class FrameOutputStream extends OutputStream {
    static final long INTERVAL_NS = 25_000_000;

    private final FrameWriter writer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread ticker;
    private long lastSent = System.nanoTime();
    private volatile boolean closed;

    FrameOutputStream(FrameWriter writer) {
        this.writer = writer;
        this.ticker = new Thread(this::tick, "dxpy-daemon-output");
        ticker.setDaemon(true);
        ticker.start();
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        buffer.write(b, off, len);
        if (buffer.size() > 1 << 16) {
            send();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (System.nanoTime() - lastSent >= INTERVAL_NS) {
            send();
        }
    }

    private synchronized void send() throws IOException {
        lastSent = System.nanoTime();
        if (buffer.size() > 0) {
            writer.write(0, new ClientOutput(buffer.toString(StandardCharsets.UTF_8), false, 0));
            buffer.reset();
        }
    }

    private void tick() {
        while (!closed) {
            try {
                Thread.sleep(INTERVAL_NS / 1_000_000);
                send();
            } catch (InterruptedException | IOException e) {
                return; // closed, or the client went away
            }
        }
    }

    /** Stops the background sender and drops what is buffered: the client is gone. */
    void abandon() {
        closed = true;
        ticker.interrupt();
    }

    /** Sends what is buffered and stops the background sender. */
    @Override
    public void close() throws IOException {
        closed = true;
        ticker.interrupt();
        send();
    }
}

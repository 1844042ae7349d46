package dev.dxpy.watch;

import java.io.IOException;
import java.util.function.Consumer;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;

/** Reads single keys from the terminal in raw mode: {@code a} run all, {@code f} run failed, {@code q} or Ctrl-C quit. */
final class Keys implements AutoCloseable {
    private final Terminal terminal;
    private final Attributes saved;
    private final Thread reader;

    private Keys(Terminal terminal, Consumer<Trigger.Kind> sink) {
        this.terminal = terminal;
        this.saved = terminal.enterRawMode();
        this.reader = new Thread(() -> read(sink), "dxpy-watch-keys");
        reader.setDaemon(true);
        reader.start();
    }

    /** Key reading when stdin and stdout are a terminal; null otherwise (or when no terminal can be opened). */
    static Keys startIfTerminal(Consumer<Trigger.Kind> sink) {
        if (System.console() == null) {
            return null;
        }
        try {
            Terminal t = TerminalBuilder.builder().system(true).dumb(false).build();
            return new Keys(t, sink);
        } catch (IOException | IllegalStateException e) {
            return null;
        }
    }

    private void read(Consumer<Trigger.Kind> sink) {
        NonBlockingReader in = terminal.reader();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                int c = in.read(200);
                switch (c) {
                    case 'a', 'A' -> sink.accept(Trigger.Kind.ALL);
                    case 'f', 'F' -> sink.accept(Trigger.Kind.FAILED);
                    case 'q', 'Q', 3, 4 -> {
                        sink.accept(Trigger.Kind.QUIT);
                        return;
                    }
                    case NonBlockingReader.EOF -> {
                        return;
                    }
                    default -> { }
                }
            }
        } catch (IOException e) {
            // the terminal went away: keys are off, the watch goes on
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            terminal.setAttributes(saved);
            terminal.close();
        } catch (IOException e) {
            // restoring a closed terminal: nothing left to do
        }
    }
}

package dev.dxpy.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Gathers file changes until none arrived for the debounce time, so an editor's atomic save or a
 * branch switch gives one cycle. Changes that arrive during a run wait here for the next cycle
 * (queued, never cancelling the run). A key command is taken at once, before pending changes.
 */
final class ChangeQueue {
    private final long debounceNanos;
    private final Set<Path> pending = new LinkedHashSet<>();
    private Trigger.Kind command;
    private long lastChange;

    ChangeQueue(Duration debounce) {
        this.debounceNanos = debounce.toNanos();
    }

    synchronized void changed(Path file) {
        pending.add(file);
        lastChange = System.nanoTime();
        notifyAll();
    }

    synchronized void command(Trigger.Kind kind) {
        if (command != Trigger.Kind.QUIT) {
            command = kind;
        }
        notifyAll();
    }

    /** Blocks until a command, or changes followed by the debounce time without any other change. */
    synchronized Trigger take() throws InterruptedException {
        while (true) {
            if (command != null) {
                Trigger t = Trigger.of(command);
                command = null;
                if (t.kind() == Trigger.Kind.ALL) {
                    pending.clear(); // a full run covers them
                }
                return t;
            }
            if (!pending.isEmpty()) {
                long wait = lastChange + debounceNanos - System.nanoTime();
                if (wait <= 0) {
                    Trigger t = new Trigger(Trigger.Kind.CHANGES, pending);
                    pending.clear();
                    return t;
                }
                wait(Math.max(1, wait / 1_000_000), (int) (wait % 1_000_000));
            } else {
                wait();
            }
        }
    }
}

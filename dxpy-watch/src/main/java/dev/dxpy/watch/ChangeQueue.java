package dev.dxpy.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Gathers file changes until none arrived for the debounce time, so an editor's atomic save or a
 * branch switch gives one cycle. Changes that arrive during a run wait here for the next cycle
 * (queued, never cancelling a run the user sees). A key command is taken at once, before pending changes.
 * For speculation, {@link #first()} shows the changes as soon as there are any, and {@link #settle(Peek)}
 * says whether the debounce window then closed with nothing new.
 */
final class ChangeQueue {
    /** How long {@link #first()} waits for the events of one save to stop (at most the debounce). */
    static final Duration QUIET = Duration.ofMillis(10);
    private final long debounceNanos;
    private final long quietNanos;
    private final Set<Path> pending = new LinkedHashSet<>();
    private Trigger.Kind command;
    private long lastChange;
    /** Change events so far: a speculative cycle is valid only while this has not moved. */
    private long seq;

    /** The pending changes at one moment, and the change count then. */
    record Peek(Trigger trigger, long seq) {
    }

    ChangeQueue(Duration debounce) {
        this.debounceNanos = debounce.toNanos();
        this.quietNanos = Math.min(debounceNanos, QUIET.toNanos());
    }

    synchronized void changed(Path file) {
        pending.add(file);
        lastChange = System.nanoTime();
        seq++;
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

    /**
     * Blocks until a change or a command is pending, without waiting for the debounce time (only for
     * {@link #QUIET} without events); returns the
     * pending changes without taking them, or null when a command is pending ({@link #take()} returns it).
     */
    synchronized Peek first() throws InterruptedException {
        while (true) {
            if (command != null) {
                return null;
            }
            if (pending.isEmpty()) {
                wait();
                continue;
            }
            // one save often gives a few events within a millisecond or two (truncate and write, an editor's
            // rename dance): wait for a short quiet gap so they do not cancel the run they started
            long wait = lastChange + quietNanos - System.nanoTime();
            if (wait <= 0) {
                return new Peek(new Trigger(Trigger.Kind.CHANGES, pending), seq);
            }
            wait(Math.max(1, wait / 1_000_000), (int) (wait % 1_000_000));
        }
    }

    /**
     * Waits until the debounce window after the last change closes. True when it closed with no change and
     * no command since {@code peek}: its changes are taken (they are the cycle). False as soon as something
     * new arrives: the changes stay pending, with the new ones.
     */
    synchronized boolean settle(Peek peek) throws InterruptedException {
        while (true) {
            if (command != null || seq != peek.seq()) {
                return false;
            }
            long wait = lastChange + debounceNanos - System.nanoTime();
            if (wait <= 0) {
                pending.clear();
                return true;
            }
            wait(Math.max(1, wait / 1_000_000), (int) (wait % 1_000_000));
        }
    }
}

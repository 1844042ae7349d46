package dev.dxpy.watch;

import dev.dxpy.core.api.AffectedSelection;
import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.TestResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of a speculative cycle: held back while its debounce window is open, then either replayed in
 * order and forwarded live from then on ({@link #release()}), or dropped with everything that follows
 * ({@link #discard()}, the cycle was cancelled). Thread-safe: the cycle's thread emits, the watch loop decides.
 */
final class HeldOutput implements RunListener, WatchListener {
    private enum State { HELD, LIVE, DISCARDED }

    private final RunListener run;
    private final WatchListener watch;
    private final List<Runnable> held = new ArrayList<>();
    private State state = State.HELD;

    HeldOutput(RunListener run, WatchListener watch) {
        this.run = run;
        this.watch = watch;
    }

    /** Replays the held events and forwards the next ones as they come. */
    synchronized void release() {
        if (state == State.HELD) {
            held.forEach(Runnable::run);
            held.clear();
            state = State.LIVE;
        }
    }

    /** Drops the held events and every later one. */
    synchronized void discard() {
        held.clear();
        state = State.DISCARDED;
    }

    private synchronized void emit(Runnable event) {
        switch (state) {
            case HELD -> held.add(event);
            case LIVE -> event.run();
            case DISCARDED -> { }
        }
    }

    @Override
    public void warning(String message) {
        emit(() -> run.warning(message));
    }

    @Override
    public void affectedSelected(AffectedSelection selection) {
        emit(() -> run.affectedSelected(selection));
    }

    @Override
    public void collectionFinished(Collection collection) {
        emit(() -> run.collectionFinished(collection));
    }

    @Override
    public void testStarted(TestId id) {
        emit(() -> run.testStarted(id));
    }

    @Override
    public void testFinished(TestResult result) {
        emit(() -> run.testFinished(result));
    }

    @Override
    public void runFinished(RunResult result) {
        emit(() -> run.runFinished(result));
    }

    @Override
    public void cycleStarted(Trigger trigger) {
        emit(() -> watch.cycleStarted(trigger));
    }

    @Override
    public void cycleFinished(Trigger trigger, RunResult result) {
        emit(() -> watch.cycleFinished(trigger, result));
    }

    @Override
    public void cycleFailed(Trigger trigger, RuntimeException error) {
        emit(() -> watch.cycleFailed(trigger, error));
    }
}

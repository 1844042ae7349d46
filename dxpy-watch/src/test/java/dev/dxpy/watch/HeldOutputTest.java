package dev.dxpy.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.RunListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A speculative cycle's events: held in order, replayed then live on release, dropped for good on discard. */
class HeldOutputTest {
    final List<String> seen = new ArrayList<>();
    final RunListener run = new RunListener() {
        @Override
        public void warning(String message) {
            seen.add("warning " + message);
        }
    };
    final WatchListener watch = new WatchListener() {
        @Override
        public void cycleStarted(Trigger t) {
            seen.add("started " + t.changed().size());
        }
    };
    final Trigger trigger = new Trigger(Trigger.Kind.CHANGES, Set.of(Path.of("/p/a.py")));

    @Test
    void heldUntilReleasedThenLive() {
        HeldOutput held = new HeldOutput(run, watch);
        held.cycleStarted(trigger);
        held.warning("one");
        assertThat(seen).isEmpty();
        held.release();
        assertThat(seen).containsExactly("started 1", "warning one");
        held.warning("two");
        assertThat(seen).containsExactly("started 1", "warning one", "warning two");
    }

    @Test
    void discardedDropsWhatWasHeldAndEverythingAfter() {
        HeldOutput held = new HeldOutput(run, watch);
        held.cycleStarted(trigger);
        held.discard();
        held.warning("late");
        held.release(); // too late: a discarded cycle is never shown
        assertThat(seen).isEmpty();
    }
}

package dev.dxpy.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Debounce: a burst of changes is one trigger; commands go first; QUIT sticks. */
class ChangeQueueTest {

    @Test
    void aBurstOfChangesIsOneTrigger() throws Exception {
        ChangeQueue q = new ChangeQueue(Duration.ofMillis(80));
        CompletableFuture<Trigger> t = CompletableFuture.supplyAsync(() -> {
            try {
                return q.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 5; i++) {
            q.changed(Path.of("/p/m" + i + ".py"));
            q.changed(Path.of("/p/m" + i + ".py"));
            Thread.sleep(20);
        }
        Trigger got = t.get(5, TimeUnit.SECONDS);
        assertThat(got.kind()).isEqualTo(Trigger.Kind.CHANGES);
        assertThat(got.changed()).hasSize(5);
    }

    @Test
    void commandsComeFirstAndQuitSticks() throws Exception {
        ChangeQueue q = new ChangeQueue(Duration.ofMillis(10));
        q.changed(Path.of("/p/a.py"));
        q.command(Trigger.Kind.FAILED);
        assertThat(q.take().kind()).isEqualTo(Trigger.Kind.FAILED);
        assertThat(q.take().changed()).containsExactly(Path.of("/p/a.py"));
        q.command(Trigger.Kind.QUIT);
        q.command(Trigger.Kind.ALL);
        assertThat(q.take().kind()).isEqualTo(Trigger.Kind.QUIT);
    }

    @Test
    void firstShowsChangesAtOnceAndSettleTakesThemWhenTheWindowClosesQuietly() throws Exception {
        ChangeQueue q = new ChangeQueue(Duration.ofMillis(80));
        long t0 = System.nanoTime();
        q.changed(Path.of("/p/a.py"));
        ChangeQueue.Peek p = q.first();
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.MILLISECONDS.toNanos(80));
        assertThat(p.trigger().changed()).containsExactly(Path.of("/p/a.py"));
        assertThat(q.settle(p)).isTrue();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80));
        q.command(Trigger.Kind.QUIT);
        assertThat(q.take().kind()).as("the settled changes were taken").isEqualTo(Trigger.Kind.QUIT);
    }

    @Test
    void aChangeOrAKeyInsideTheWindowUnsettlesAndTheChangesStayPending() throws Exception {
        ChangeQueue q = new ChangeQueue(Duration.ofMillis(200));
        q.changed(Path.of("/p/a.py"));
        ChangeQueue.Peek p = q.first();
        CompletableFuture.runAsync(() -> {
            sleep(30);
            q.changed(Path.of("/p/a.py")); // the same file again: its content may have changed after the run read it
        });
        assertThat(q.settle(p)).isFalse();
        assertThat(q.take().changed()).containsExactly(Path.of("/p/a.py"));

        q.changed(Path.of("/p/b.py"));
        ChangeQueue.Peek p2 = q.first();
        q.command(Trigger.Kind.FAILED);
        assertThat(q.settle(p2)).isFalse();
        assertThat(q.first()).as("a command pending").isNull();
        assertThat(q.take().kind()).isEqualTo(Trigger.Kind.FAILED);
        assertThat(q.take().changed()).containsExactly(Path.of("/p/b.py"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

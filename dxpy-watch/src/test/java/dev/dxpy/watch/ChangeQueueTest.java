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
}

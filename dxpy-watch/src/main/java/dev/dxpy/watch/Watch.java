package dev.dxpy.watch;

import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryWatcher;
import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A watch session: watches the project's rootdir recursively (native events through directory-watcher),
 * and for each debounced batch of changes runs the affected tests (failed ones first) on one engine, with
 * spare workers kept warm between cycles, then waits. Runs never interleave: changes made during a run are
 * queued for the next cycle.
 *
 * <p>Speculation (on by default): the first change of a quiet period starts its cycle as soon as its events
 * stop for {@link ChangeQueue#QUIET} (a save's own events), with the cycle's output held back. When the debounce window closes with no other change, the held output is
 * released and the rest streams live, so the latency is the longer of the debounce and the run instead of
 * their sum. Another change (or a key) inside the window cancels that run (its workers are killed, its
 * output dropped) and the rest of the burst waits for the plain debounce. Either way one cycle per burst is
 * shown, and it ran on the files as they were when the window closed. Spares are kept for two runs, so the
 * run after a cancelled one still starts on warm workers.
 */
public final class Watch implements AutoCloseable {
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(100);

    private final Engine engine;
    private final Path root;
    private final RunListener runListener;
    private final WatchListener listener;
    private final ChangeQueue queue;
    private final DirectoryWatcher watcher;
    private final boolean speculate;
    private CompletableFuture<Void> watching;

    /**
     * @param runListener receives the engine's events of every cycle
     * @param listener    receives the cycles
     */
    public Watch(Engine engine, Duration debounce, RunListener runListener, WatchListener listener) {
        this(engine, debounce, true, runListener, listener);
    }

    /**
     * @param speculate   start each burst's cycle at its first change, shown only if the debounce window
     *                    then closes with no other change (see the class comment); false: start after the window
     * @param runListener receives the engine's events of every cycle
     * @param listener    receives the cycles
     */
    public Watch(Engine engine, Duration debounce, boolean speculate, RunListener runListener, WatchListener listener) {
        this.engine = engine;
        this.speculate = speculate;
        this.root = engine.rootdir().toAbsolutePath().normalize();
        this.runListener = runListener;
        this.listener = listener;
        this.queue = new ChangeQueue(debounce);
        try {
            this.watcher = DirectoryWatcher.builder().path(root).fileHashing(false).fileTreeVisitor(skipIgnored())
                    .listener(this::onEvent).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    private static FileTreeVisitor skipIgnored() {
        return (start, onDirectory, onFile) -> Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(start) && Ignored.dir(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                onDirectory.call(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                onFile.call(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void onEvent(DirectoryChangeEvent e) {
        Path p = e.path();
        if (p == null || e.eventType() == DirectoryChangeEvent.EventType.OVERFLOW) {
            queue.command(Trigger.Kind.ALL); // events were lost: run everything
            return;
        }
        if (Ignored.path(root, p)) {
            return;
        }
        if (e.isDirectory()) {
            if (e.eventType() == DirectoryChangeEvent.EventType.DELETE) {
                queue.command(Trigger.Kind.ALL); // a deleted or renamed directory: its modules' importers are unknown here
            }
            return; // a created directory: its files arrive as their own events
        }
        queue.changed(p);
    }

    /**
     * Starts watching (events are queued from now on) and has the engine keep spare workers warm, so each
     * cycle takes ready workers instead of starting interpreters.
     */
    public void start() {
        watching = watcher.watchAsync();
        try {
            engine.keepWorkersWarm(speculate ? 2 : 1); // a cancelled speculative run's workers are lost
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        listener.watching(root);
    }

    /** A key pressed: run all, run failed, quit. */
    public void command(Trigger.Kind kind) {
        queue.command(kind);
    }

    /** Runs cycles until {@link Trigger.Kind#QUIT} or the thread is interrupted; then closes the watcher. */
    public void loop() {
        try {
            while (true) {
                if (speculate) {
                    ChangeQueue.Peek first = queue.first();
                    if (first != null && speculativeCycle(first)) {
                        continue;
                    }
                }
                Trigger t = queue.take(); // a key, or the rest of a burst that cancelled its speculative run
                if (t.kind() == Trigger.Kind.QUIT) {
                    break;
                }
                cycle(t, runListener, listener);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            listener.stopped();
        }
    }

    /**
     * Runs {@code first}'s cycle on its own thread with its output held until the debounce window closes.
     * True when the window closed quietly (the cycle is shown and has finished); false when something new
     * arrived first (the run was cancelled, nothing of it shown, the changes are still pending).
     */
    private boolean speculativeCycle(ChangeQueue.Peek first) throws InterruptedException {
        HeldOutput held = new HeldOutput(runListener, listener);
        Thread run = new Thread(() -> cycle(first.trigger(), held, held), "dxpy-watch-cycle");
        run.setDaemon(true);
        run.start();
        boolean settled = false;
        try {
            settled = queue.settle(first);
            if (settled) {
                held.release();
                run.join();
            }
        } finally {
            if (!settled || run.isAlive()) { // cancelled, or this thread was interrupted: stop the run, its workers die
                held.discard();
                run.interrupt();
                joinQuietly(run);
            }
        }
        return settled;
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true; // the cancelled run ends within the scheduler's grace time: wait for it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void cycle(Trigger t, RunListener runListener, WatchListener listener) {
        listener.cycleStarted(t);
        try {
            RunResult r = switch (t.kind()) {
                case ALL -> engine.run(runListener);
                case FAILED -> engine.runLastFailed(runListener);
                default -> engine.runAffected(t.changed(), runListener);
            };
            listener.cycleFinished(t, r);
        } catch (RuntimeException e) {
            listener.cycleFailed(t, e);
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // closing a watch service: nothing to do about it
        }
        if (watching != null) {
            watching.cancel(true);
        }
    }
}

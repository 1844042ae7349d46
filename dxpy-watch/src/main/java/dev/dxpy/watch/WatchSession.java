package dev.dxpy.watch;

import dev.dxpy.core.api.Engine;
import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code dx-py test --watch} and {@code mvn dxpy:watch}: a {@link Watch} with the compact report, keys when
 * stdin is a terminal, and Ctrl-C ending it cleanly (the current run finishes its workers, the watcher closes).
 */
public final class WatchSession {

    private WatchSession() {
    }

    /** Watches until {@code q} or Ctrl-C, with speculation on; returns exit code 0. */
    public static int run(Engine engine, Duration debounce, PrintStream out) {
        return run(engine, debounce, true, out);
    }

    /**
     * Watches until {@code q} or Ctrl-C; returns exit code 0.
     *
     * @param speculate start each burst's cycle at its first change (see {@link Watch}); false: after the debounce
     */
    public static int run(Engine engine, Duration debounce, boolean speculate, PrintStream out) {
        Watch watch;
        Keys keys;
        CompactReport report;
        boolean terminal = System.console() != null;
        report = new CompactReport(out, terminal);
        watch = new Watch(engine, debounce, speculate, report, report);
        // Ctrl-C: the hook asks the loop to quit and waits until it has closed (not until this thread ends: after
        // the loop, the caller's System.exit blocks behind the shutdown that is running this hook)
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            watch.command(Trigger.Kind.QUIT);
            try {
                closed.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dxpy-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        keys = terminal ? Keys.startIfTerminal(watch::command) : null;
        try {
            watch.start();
            watch.loop();
        } finally {
            if (keys != null) {
                keys.close();
            }
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down (Ctrl-C): the hook is running
            }
        }
        return 0;
    }

}

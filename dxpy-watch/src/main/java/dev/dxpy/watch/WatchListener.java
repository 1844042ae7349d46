package dev.dxpy.watch;

import dev.dxpy.core.api.RunResult;
import java.nio.file.Path;

/** Events of a watch session, called from its run thread. */
public interface WatchListener {

    default void watching(Path root) {
    }

    default void cycleStarted(Trigger trigger) {
    }

    default void cycleFinished(Trigger trigger, RunResult result) {
    }

    /** A cycle that could not run (bad configuration, ...); the session keeps watching. */
    default void cycleFailed(Trigger trigger, RuntimeException error) {
    }

    default void stopped() {
    }
}

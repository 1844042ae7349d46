package dev.dxpy.core.api;

import java.util.List;

/** Events of a run, in order: collection, then tests as they start and finish, then the end. Called from one thread at a time. */
public interface RunListener {

    default void warning(String message) {
    }

    /** Before collection, when the run selects tests from changed files (--affected-by, --changed, watch). */
    default void affectedSelected(AffectedSelection selection) {
    }

    default void collectionFinished(Collection collection) {
    }

    default void testStarted(TestId id) {
    }

    default void testFinished(TestResult result) {
    }

    default void runFinished(RunResult result) {
    }

    RunListener NONE = new RunListener() {
    };

    /** A listener that forwards every event to each of {@code listeners} in order. */
    static RunListener of(RunListener... listeners) {
        List<RunListener> all = List.of(listeners);
        return new RunListener() {
            @Override
            public void warning(String message) {
                all.forEach(l -> l.warning(message));
            }

            @Override
            public void affectedSelected(AffectedSelection selection) {
                all.forEach(l -> l.affectedSelected(selection));
            }

            @Override
            public void collectionFinished(Collection collection) {
                all.forEach(l -> l.collectionFinished(collection));
            }

            @Override
            public void testStarted(TestId id) {
                all.forEach(l -> l.testStarted(id));
            }

            @Override
            public void testFinished(TestResult result) {
                all.forEach(l -> l.testFinished(result));
            }

            @Override
            public void runFinished(RunResult result) {
                all.forEach(l -> l.runFinished(result));
            }
        };
    }
}

package dev.dxpy.core.schedule;

import java.util.List;

/** Runs file tasks on workers and reports every test exactly once. */
public interface Scheduler {

    /** Blocks until every task is done; returns false if interrupted. */
    boolean run(List<FileTask> tasks, ResultSink sink);
}

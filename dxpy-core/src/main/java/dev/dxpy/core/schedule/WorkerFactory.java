package dev.dxpy.core.schedule;

import dev.dxpy.core.worker.WorkerProcess;

/** Starts a worker; the scheduler calls it again to replace one that crashed or hung. */
@FunctionalInterface
public interface WorkerFactory {

    WorkerProcess start(String name);
}

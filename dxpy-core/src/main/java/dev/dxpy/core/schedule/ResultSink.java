package dev.dxpy.core.schedule;

import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.TestResult;

/** Where a scheduler reports; called from worker threads, so implementations synchronize. */
public interface ResultSink {

    void started(TestId id);

    void finished(TestResult result);

    /** The file could not be imported by the worker (pytest's collection error). */
    void fileError(CollectionError error);

    void warning(String message);
}

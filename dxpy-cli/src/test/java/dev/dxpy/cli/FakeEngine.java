package dev.dxpy.cli;

import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** An engine that records its config and replays fixed results, to test the CLI's mapping. */
final class FakeEngine implements Engine, Function<EngineConfig, Engine> {

    final List<TestResult> results = new ArrayList<>();
    final List<CollectionError> errors = new ArrayList<>();
    final List<CollectedTest> collected = new ArrayList<>();
    final java.util.Map<String, String> listedByWorker = new java.util.LinkedHashMap<>();
    final java.util.Map<String, String> ignored = new java.util.LinkedHashMap<>();
    RuntimeException failure;
    EngineConfig config;
    boolean closed;

    @Override
    public Engine apply(EngineConfig config) {
        this.config = config;
        return this;
    }

    @Override
    public Collection collect(RunListener listener) {
        if (failure != null) {
            throw failure;
        }
        List<CollectedTest> tests = new ArrayList<>(collected);
        results.forEach(r -> tests.add(new CollectedTest(r.id(), 1, false)));
        Collection c = new Collection(tests, errors, 1, 0, Duration.ofMillis(12));
        listener.collectionFinished(c);
        return c;
    }

    @Override
    public dev.dxpy.core.api.WorkerCollection collectWithWorkers(RunListener listener) {
        return new dev.dxpy.core.api.WorkerCollection(collect(listener), listedByWorker, ignored);
    }

    @Override
    public RunResult run(RunListener listener) {
        collect(listener);
        for (TestResult r : results) {
            listener.testStarted(r.id());
            listener.testFinished(r);
        }
        RunResult result = new RunResult(results, errors, Duration.ofMillis(50), false);
        listener.runFinished(result);
        return result;
    }

    @Override
    public void close() {
        closed = true;
    }
}

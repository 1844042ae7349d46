package dev.dxpy.cli;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.WorkerCollection;
import dev.dxpy.core.report.Durations;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code dx-py test --collect-only}, printed as {@code pytest -q --collect-only} prints it: one node id a
 * line, then the files that could not be collected and the count. Files whose tests only Python can list
 * (run-time parametrization, doctests, a computed {@code collect_ignore}) are imported by workers, and a
 * footer names them. Exit code 1 with collection errors, 5 with no tests, else 0.
 */
final class CollectOnly {

    private CollectOnly() {
    }

    static int print(Engine engine, PrintStream out) {
        WorkerCollection wc = engine.collectWithWorkers(new RunListener() {
            @Override
            public void warning(String message) {
                out.println("warning: " + message);
            }
        });
        Collection c = wc.collection();
        StringBuilder ids = new StringBuilder(c.tests().size() * 64);
        c.tests().forEach(t -> ids.append(t.nodeId()).append(System.lineSeparator()));
        byte[] utf8 = ids.append(System.lineSeparator()).toString().getBytes(StandardCharsets.UTF_8);
        out.write(utf8, 0, utf8.length); // every stream given here encodes UTF-8; one write, not one per id
        c.errors().forEach(e -> out.println("ERROR collecting " + e));
        if (!wc.listedByWorker().isEmpty()) {
            long fromWorker = c.tests().stream().filter(t -> wc.listedByWorker().containsKey(t.id().file())).count();
            out.println(fromWorker + " of these ids were listed by a worker that imported " + wc.listedByWorker().size()
                    + (wc.listedByWorker().size() == 1 ? " file" : " files") + " (the others by static discovery):");
            wc.listedByWorker().forEach((file, why) -> out.println("  " + file + " (" + why + ")"));
        }
        if (!wc.ignored().isEmpty()) {
            out.println(wc.ignored().size() + (wc.ignored().size() == 1 ? " file is" : " files are")
                    + " left out by a conftest's computed collect_ignore, as pytest leaves them out:");
            wc.ignored().forEach((file, why) -> out.println("  " + file));
        }
        long runtime = c.tests().stream().filter(CollectedTest::runtimeParametrized).count();
        if (runtime > 0) {
            out.println(runtime + (runtime == 1 ? " test is" : " tests are")
                    + " parametrized at run time (non-literal arguments): listed once, expanded when run");
        }
        int n = c.tests().size();
        int e = c.errors().size();
        String counts = n == 0 ? "no tests collected" : n + (n == 1 ? " test" : " tests") + " collected";
        if (e > 0) {
            counts += ", " + e + (e == 1 ? " error" : " errors");
        }
        out.println(counts + " in " + Durations.decimals(c.duration().toNanos() / 1e9, 2) + "s");
        out.flush();
        if (e > 0) {
            return RunResult.EXIT_TESTS_FAILED;
        }
        return n == 0 ? RunResult.EXIT_NO_TESTS : RunResult.EXIT_OK;
    }
}

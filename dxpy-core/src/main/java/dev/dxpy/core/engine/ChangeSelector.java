package dev.dxpy.core.engine;

import dev.dxpy.core.api.AffectedSelection;
import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.api.UsageException;
import dev.dxpy.core.config.ProjectConfig;
import dev.dxpy.core.graph.GraphStore;
import dev.dxpy.core.graph.ImportGraph;
import dev.dxpy.core.graph.RunHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns {@code --affected-by}, {@code --changed} and last-failed selection into the targets discovery
 * collects, and records what a run leaves for the next one (failures, the file snapshot).
 */
final class ChangeSelector {
    private final EngineConfig config;
    private final ProjectConfig project;
    private final RunHistory history;
    private final Set<String> failedBefore;
    private GraphStore.Loaded graph;

    ChangeSelector(EngineConfig config, ProjectConfig project, Path cacheDir) {
        this.config = config;
        this.project = project;
        this.history = new RunHistory(cacheDir);
        this.failedBefore = history.lastFailed();
    }

    /**
     * Whether this selector narrows the run. {@code --lf} alone with no failure recorded does not: like
     * pytest's {@code --lf} (whose {@code --lfnf} defaults to {@code all}), every test runs then.
     */
    boolean active() {
        return config.affectedBy() != null || config.changed() || (config.lastFailed() && !failedBefore.isEmpty());
    }

    /** Says so when {@code --lf} found no recorded failure and the whole selection runs instead. */
    void noteLastFailedFallback(RunListener listener) {
        if (config.lastFailed() && !active()) {
            listener.warning("--lf: no previously failed tests recorded, running all selected tests (as pytest's --lf does)");
        }
    }

    /** The files holding tests that failed last time (run first). */
    Set<String> failedFiles() {
        Set<String> out = new LinkedHashSet<>();
        failedBefore.forEach(id -> out.add(RunHistory.fileOf(id)));
        return out;
    }

    /** Absolute paths and node ids to collect; empty when nothing is affected. */
    List<String> targets(RunListener listener) {
        if (!config.args().isEmpty()) {
            throw new UsageException("give either paths/node ids or --affected-by/--changed/--last-failed, not both");
        }
        Path root = project.rootdir();
        List<String> out = new ArrayList<>();
        Set<String> tests = new TreeSet<>();
        List<String> changed = new ArrayList<>();
        if (!config.lastFailed()) {
            graph = GraphStore.load(project, history.graphFile(), listener::warning);
            ImportGraph g = graph.graph();
            if (config.affectedBy() != null) {
                for (Path p : config.affectedBy()) {
                    Path abs = config.invocationDir().resolve(p).toAbsolutePath().normalize();
                    if (!abs.startsWith(root)) {
                        throw new UsageException("--affected-by " + p + " is outside the rootdir " + root
                                + "; name files of the project");
                    }
                    changed.add(root.relativize(abs).toString().replace('\\', '/'));
                }
            }
            if (config.changed()) {
                Set<String> since = history.changedSinceLastRun(g.nodes(), listener::warning);
                if (since == null) {
                    listener.warning("no snapshot of a previous run in " + history.graphFile().getParent()
                            + "; --changed runs every test this time");
                    tests.addAll(g.testFiles());
                } else {
                    changed.addAll(since);
                }
            }
            tests.addAll(g.affectedTests(changed));
            tests.forEach(t -> out.add(root.resolve(t).toString()));
        }
        for (String id : failedBefore) {
            String file = RunHistory.fileOf(id);
            if (!tests.contains(file) && Files.isRegularFile(root.resolve(file))) {
                out.add(root.resolve(file) + id.substring(file.length()));
                tests.add(file);
            }
        }
        if (graph != null) {
            listener.affectedSelected(new AffectedSelection(changed, List.copyOf(tests), graph.files(), graph.parsed(),
                    graph.took(), graph.fromCache()));
        }
        return out;
    }

    /**
     * Keeps failures of this run and earlier failures of tests that did not run; saves the snapshot when a graph
     * exists. Works out what to keep now (loading the graph may warn); the returned action writes it, so the
     * engine can report the run first.
     */
    Runnable record(Collection c, List<TestResult> results, List<CollectionError> errors, RunListener listener) {
        Set<String> ran = new HashSet<>();
        c.tests().forEach(t -> ran.add(t.id().file()));
        c.errors().forEach(e -> ran.add(e.file()));
        Set<String> failed = new LinkedHashSet<>();
        for (String id : failedBefore) {
            if (!ran.contains(RunHistory.fileOf(id)) && Files.exists(project.rootdir().resolve(RunHistory.fileOf(id)))) {
                failed.add(id);
            }
        }
        results.stream().filter(r -> r.outcome().isFailure()).forEach(r -> failed.add(r.nodeId()));
        errors.forEach(e -> failed.add(e.file()));
        if (graph == null && Files.exists(history.graphFile())) {
            graph = GraphStore.load(project, history.graphFile(), listener::warning);
        }
        GraphStore.Loaded snapshot = graph;
        return () -> {
            history.saveLastFailed(failed);
            if (snapshot != null) {
                history.saveSnapshot(snapshot.graph().nodes());
            }
        };
    }

}

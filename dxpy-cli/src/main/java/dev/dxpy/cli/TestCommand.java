package dev.dxpy.cli;

import dev.dxpy.core.api.Baseline;
import dev.dxpy.core.api.ConsoleOptions;
import dev.dxpy.core.api.Dxpy;
import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.watch.WatchSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dx-py test}: maps options onto an {@link EngineConfig}, runs or collects, returns pytest's exit code. */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {
            "Collects and runs the tests of the Python project in the current directory, like pytest.",
            "",
            "Each ARG that is an existing path, contains '::' or ends with '.py' selects files, directories or "
                    + "node ids; any other ARG is a keyword pattern as for -k (several patterns: all must match).",
            "",
            "When the environment variable CI is set and --junit-xml is not given, a JUnit XML report is "
                    + "written to " + TestCommand.CI_REPORT + " in the current directory."},
        sortOptions = false)
final class TestCommand implements Callable<Integer> {

    static final String CI_REPORT = "dxpy-junit.xml";

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ARG", arity = "0..*", description = "Paths, node ids or keyword patterns.")
    List<String> args = new ArrayList<>();

    @Option(names = "-k", paramLabel = "EXPR", description = "Only tests whose names match EXPR (pytest -k: substrings, and/or/not).")
    String keyword;

    @Option(names = "-m", paramLabel = "EXPR", description = "Only tests whose markers match EXPR (pytest -m).")
    String markers;

    @Option(names = "--collect-only", description = "List the selected node ids; run nothing.")
    boolean collectOnly;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Write a JUnit XML report (pytest's format) to FILE.")
    Path junitXml;

    @Option(names = "--python", paramLabel = "PATH", description = "Python interpreter for the workers (default: python3 on PATH).")
    String python;

    @Option(names = {"-n", "--workers"}, paramLabel = "N", description = "Number of workers, or 'auto' (default) for one per core.")
    String workers = "auto";

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Fail a test that runs longer than SECONDS (default: none).")
    Double timeout;

    @Option(names = "-q", description = "Quieter: pytest's dots.")
    boolean[] quiet = new boolean[0];

    @Option(names = "-v", description = "More verbose: failure messages inline, all durations.")
    boolean[] verbose = new boolean[0];

    @Option(names = "--durations", paramLabel = "N", description = "List the N slowest tests (0: none).")
    int durations;

    @Option(names = "--color", paramLabel = "WHEN", description = "auto (default: when a terminal and NO_COLOR unset), yes or no.")
    String color = "auto";

    @Option(names = "--rootdir", paramLabel = "DIR", description = "Use DIR as the rootdir instead of finding it as pytest does.")
    Path rootDir;

    @Option(names = "--update-snapshots", description = "Write new and changed dx.snapshot() values; after a full run, remove snapshots no test used.")
    boolean updateSnapshots;

    @Option(names = "--baseline", description = "First run pytest once on the same selection (python -m pytest -p "
            + "no:cacheprovider -q) and record its time in .dxpy/baseline.json; summaries then show the speedup.")
    boolean baseline;

    @Option(names = "--no-index", description = "Parse every file again instead of using the discovery index.")
    boolean noIndex;

    @Option(names = "--affected-by", paramLabel = "FILE", arity = "1..*",
            description = "Run the tests that changes to FILE... can affect (import graph), and those that failed last time.")
    List<Path> affectedBy;

    @Option(names = "--changed", description = "Run the tests affected by the files changed since the last run, "
            + "and those that failed last time.")
    boolean changed;

    @Option(names = {"--lf", "--last-failed"}, description = "Run only the tests that failed last time.")
    boolean lastFailed;

    @Option(names = "--watch", description = "Watch the project; on each change run the affected tests "
            + "(keys: a all, f failed, q quit).")
    boolean watch;

    @Option(names = "--debounce", paramLabel = "MS", description = "Watch mode: a burst of changes gives one run "
            + "once MS milliseconds pass without another change (default: 100).")
    long debounceMs = 100;

    @Option(names = "--no-speculate", description = "Watch mode: start a run only once the debounce time has "
            + "passed (default: start at the first change and show the run only if no other change follows in time).")
    boolean noSpeculate;

    @Option(names = "--preload", paramLabel = "MODULE", split = ",",
            description = "Import MODULE in every worker before its first test (repeatable or comma-separated), besides "
                    + "the third-party modules the selected test files import, which are preloaded anyway.")
    List<String> preload = new ArrayList<>();

    @Override
    public Integer call() {
        EngineConfig config = config();
        ConsoleOptions console = new ConsoleOptions(main.out, color(), verbosity(), durations(),
                main.terminal, collectOnly ? null : baseline(config));
        try (Engine engine = main.engines.apply(config)) {
            if (collectOnly) {
                return CollectOnly.print(engine, main.out);
            }
            if (watch) {
                if (debounceMs < 0) {
                    throw usage("--debounce must be >= 0 milliseconds, got " + debounceMs);
                }
                return WatchSession.run(engine, Duration.ofMillis(debounceMs), !noSpeculate, main.out);
            }
            List<RunListener> listeners = new ArrayList<>();
            listeners.add(Dxpy.console(console));
            Path report = junitXml != null ? junitXml : main.env.containsKey("CI") ? Path.of(CI_REPORT) : null;
            if (report != null) {
                listeners.add(Dxpy.junitXml(main.cwd.resolve(report), Map.of()));
            }
            try (InterruptReport interrupt = new InterruptReport(main.out)) {
                listeners.add(interrupt);
                RunResult result = engine.run(RunListener.of(listeners.toArray(RunListener[]::new)));
                main.out.flush();
                return result.exitCode();
            }
        }
    }

    EngineConfig config() {
        Arguments split = Arguments.split(args, keyword, main.cwd);
        EngineConfig.Builder b = EngineConfig.builder()
                .invocationDir(main.cwd)
                .args(split.paths())
                .keyword(split.keyword())
                .markers(markers)
                .python(python)
                .workers(workers())
                .useIndex(!noIndex)
                .affectedBy(affectedBy)
                .changed(changed)
                .lastFailed(lastFailed)
                .preload(preload);
        if (updateSnapshots) {
            b.environment(Map.of("DXPY_UPDATE_SNAPSHOTS", "1"));
        }
        if (main.envForWorkers) {
            b.clientEnvironment(main.env);
        }
        if (rootDir != null) {
            b.rootDir(main.cwd.resolve(rootDir));
        }
        if (timeout != null) {
            if (timeout < 0 || timeout.isNaN()) {
                throw usage("--timeout must be a number of seconds >= 0 (0: none), got " + timeout);
            }
            b.timeout(timeout == 0 ? null : Duration.ofNanos(Math.round(timeout * 1e9)));
        }
        return b.build();
    }

    /** Measures pytest now with {@code --baseline}, else the time measured earlier on this selection, else null. */
    private Baseline baseline(EngineConfig config) {
        if (baseline) {
            main.out.println("measuring the pytest baseline on this selection...");
            main.out.flush();
            return Dxpy.measureBaseline(config);
        }
        return Dxpy.baseline(config).orElse(null);
    }

    private int workers() {
        if (workers.equals("auto")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(workers);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage("-n/--workers must be 'auto' or a number >= 1, got '" + workers + "'");
    }

    private int durations() {
        if (durations < 0) {
            throw usage("--durations must be >= 0, got " + durations);
        }
        return durations;
    }

    private int verbosity() {
        return Math.max(-1, Math.min(1, verbose.length - quiet.length));
    }

    private boolean color() {
        return switch (color) {
            case "auto" -> ConsoleOptions.colorByDefault() && !main.env.containsKey("NO_COLOR");
            case "yes" -> true;
            case "no" -> false;
            default -> throw usage("--color must be auto, yes or no, got '" + color + "'");
        };
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

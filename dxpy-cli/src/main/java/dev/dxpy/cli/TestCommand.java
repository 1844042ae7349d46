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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** {@code dx-py test}: maps options onto an {@link EngineConfig}, runs or collects, returns pytest's exit code. */
final class TestCommand implements Callable<Integer> {

    static final String CI_REPORT = "dxpy-junit.xml";

    final Main main;
    CommandSpec spec;

    List<String> args = new ArrayList<>();
    String keyword;
    String markers;
    boolean collectOnly;
    Path junitXml;
    String python;
    String workers = "auto";
    Double timeout;
    boolean[] quiet = new boolean[0];
    boolean[] verbose = new boolean[0];
    int durations;
    String color = "auto";
    Path rootDir;
    boolean updateSnapshots;
    boolean baseline;
    boolean noIndex;
    List<Path> affectedBy;
    boolean changed;
    boolean lastFailed;
    boolean watch;
    long debounceMs = 100;
    boolean noSpeculate;
    List<String> preload = new ArrayList<>();

    TestCommand(Main main) {
        this.main = main;
    }

    @SuppressWarnings("unchecked")
    CommandSpec commandSpec() {
        spec = CommandSpec.wrapWithoutInspection(this).name("test");
        spec.usageMessage().sortOptions(false).description(
                "Collects and runs the tests of the Python project in the current directory, like pytest.",
                "",
                "Each ARG that is an existing path, contains '::' or ends with '.py' selects files, directories or "
                        + "node ids; any other ARG is a keyword pattern as for -k (several patterns: all must match).",
                "",
                "When the environment variable CI is set and --junit-xml is not given, a JUnit XML report is "
                        + "written to " + CI_REPORT + " in the current directory.");
        spec.addPositional(Specs.positional(List.class, () -> args, v -> args = (List<String>) v).paramLabel("ARG")
                .arity("0..*").auxiliaryTypes(String.class).description("Paths, node ids or keyword patterns.").build());
        add(Specs.option(String.class, () -> keyword, v -> keyword = (String) v, "-k").paramLabel("EXPR")
                .description("Only tests whose names match EXPR (pytest -k: substrings, and/or/not)."));
        add(Specs.option(String.class, () -> markers, v -> markers = (String) v, "-m").paramLabel("EXPR")
                .description("Only tests whose markers match EXPR (pytest -m)."));
        add(Specs.option(boolean.class, () -> collectOnly, v -> collectOnly = (Boolean) v, "--collect-only")
                .description("List the selected node ids; run nothing."));
        add(Specs.option(Path.class, () -> junitXml, v -> junitXml = (Path) v, "--junit-xml").paramLabel("FILE")
                .description("Write a JUnit XML report (pytest's format) to FILE."));
        add(Specs.option(String.class, () -> python, v -> python = (String) v, "--python").paramLabel("PATH")
                .description("Python interpreter for the workers (default: python3 on PATH)."));
        add(Specs.option(String.class, () -> workers, v -> workers = (String) v, "-n", "--workers").paramLabel("N")
                .description("Number of workers, or 'auto' (default) for one per core."));
        add(Specs.option(Double.class, () -> timeout, v -> timeout = (Double) v, "--timeout").paramLabel("SECONDS")
                .description("Fail a test that runs longer than SECONDS (default: none)."));
        add(Specs.option(boolean[].class, () -> quiet, v -> quiet = (boolean[]) v, "-q").arity("0")
                .description("Quieter: pytest's dots."));
        add(Specs.option(boolean[].class, () -> verbose, v -> verbose = (boolean[]) v, "-v").arity("0")
                .description("More verbose: failure messages inline, all durations."));
        add(Specs.option(int.class, () -> durations, v -> durations = (Integer) v, "--durations").paramLabel("N")
                .description("List the N slowest tests (0: none)."));
        add(Specs.option(String.class, () -> color, v -> color = (String) v, "--color").paramLabel("WHEN")
                .description("auto (default: when a terminal and NO_COLOR unset), yes or no."));
        add(Specs.option(Path.class, () -> rootDir, v -> rootDir = (Path) v, "--rootdir").paramLabel("DIR")
                .description("Use DIR as the rootdir instead of finding it as pytest does."));
        add(Specs.option(boolean.class, () -> updateSnapshots, v -> updateSnapshots = (Boolean) v, "--update-snapshots")
                .description("Write new and changed dx.snapshot() values; after a full run, remove snapshots no test used."));
        add(Specs.option(boolean.class, () -> baseline, v -> baseline = (Boolean) v, "--baseline")
                .description("First run pytest once on the same selection (python -m pytest -p "
                        + "no:cacheprovider -q) and record its time in .dxpy/baseline.json; summaries then show the speedup."));
        add(Specs.option(boolean.class, () -> noIndex, v -> noIndex = (Boolean) v, "--no-index")
                .description("Parse every file again instead of using the discovery index."));
        add(Specs.option(List.class, () -> affectedBy, v -> affectedBy = (List<Path>) v, "--affected-by")
                .auxiliaryTypes(Path.class).paramLabel("FILE").arity("1..*")
                .description("Run the tests that changes to FILE... can affect (import graph), and those that failed last time."));
        add(Specs.option(boolean.class, () -> changed, v -> changed = (Boolean) v, "--changed")
                .description("Run the tests affected by the files changed since the last run, "
                        + "and those that failed last time."));
        add(Specs.option(boolean.class, () -> lastFailed, v -> lastFailed = (Boolean) v, "--lf", "--last-failed")
                .description("Run only the tests that failed last time."));
        add(Specs.option(boolean.class, () -> watch, v -> watch = (Boolean) v, "--watch")
                .description("Watch the project; on each change run the affected tests (keys: a all, f failed, q quit)."));
        add(Specs.option(long.class, () -> debounceMs, v -> debounceMs = (Long) v, "--debounce").paramLabel("MS")
                .description("Watch mode: a burst of changes gives one run "
                        + "once MS milliseconds pass without another change (default: 100)."));
        add(Specs.option(boolean.class, () -> noSpeculate, v -> noSpeculate = (Boolean) v, "--no-speculate")
                .description("Watch mode: start a run only once the debounce time has "
                        + "passed (default: start at the first change and show the run only if no other change follows in time)."));
        add(Specs.option(List.class, () -> preload, v -> preload = (List<String>) v, "--preload")
                .auxiliaryTypes(String.class).paramLabel("MODULE").splitRegex(",")
                .description("Import MODULE in every worker before its first test (repeatable or comma-separated), besides "
                        + "the third-party modules the selected test files import, which are preloaded anyway."));
        Specs.standardHelp(spec);
        return spec;
    }

    private void add(OptionSpec.Builder option) {
        spec.addOption(option.build());
    }

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

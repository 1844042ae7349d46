package dev.dxpy.cli;

import dev.dxpy.core.api.ConsoleOptions;
import dev.dxpy.core.api.DxpyException;
import dev.dxpy.core.api.Dxpy;
import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.UsageException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dx-py}: the command line. Exit codes follow pytest: 0 all passed, 1 tests failed (or
 * collection errors), 2 interrupted, 3 the run could not start or broke (no interpreter, bad
 * configuration, internal error; the message says what to do), 4 usage error, 5 no tests collected.
 * Its options are declared through picocli's programmatic API ({@link Specs}).
 */
public final class Main implements Runnable {

    static final int EXIT_INTERNAL = 3;
    static final int EXIT_USAGE = 4;

    /** Exit codes as the help lists them. */
    private static final Map<String, String> EXIT_CODES = exitCodes();

    CommandSpec spec;

    final Function<EngineConfig, Engine> engines;
    final Path cwd;
    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;
    /** Whether {@code out} is a terminal: only then a progress line is drawn. */
    final boolean terminal;
    /** Set in the daemon: {@code env} is the client's, and the workers get it instead of this process's. */
    boolean envForWorkers;

    Main(Function<EngineConfig, Engine> engines, Path cwd, Map<String, String> env, PrintStream out, PrintStream err) {
        this(engines, cwd, env, out, err, false);
    }

    Main(Function<EngineConfig, Engine> engines, Path cwd, Map<String, String> env, PrintStream out, PrintStream err,
            boolean terminal) {
        this.engines = engines;
        this.cwd = cwd;
        this.env = env;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 14),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Path cwd = Path.of("").toAbsolutePath();
        boolean daemonMayServe = args.length > 0 && args[0].equals("test") && System.getenv("DXPY_NO_DAEMON") == null
                && !List.of(args).contains("--watch"); // a watch needs this terminal and owns its warm workers
        // before the daemon check (12-22 ms in a cold JVM): the ./dx-py launcher has found no daemon when it starts
        // this JVM, so a daemon answering here is rare, and the workers a forwarded run did not need die with the JVM
        if (args.length > 0 && args[0].equals("test") && System.getenv("DXPY_NO_PRESTART") == null) {
            prestart(cwd, args);
        }
        if (daemonMayServe) {
            Optional<Integer> forwarded = forward(cwd, args, out, err);
            if (forwarded.isPresent()) {
                out.flush();
                System.exit(forwarded.get());
            }
        }
        int code = new Main(Dxpy::engine, cwd, System.getenv(), out, err,
                ConsoleOptions.isTerminal()).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Starts the run's workers while picocli parses the arguments (their interpreters' start is a cold run's
     * critical path): {@code --python} and {@code -n} are read from the raw arguments here, and the engine keeps
     * only the workers that fit the configuration the parse produces (EarlyWorkers); a command that needs none
     * ({@code --collect-only}, {@code --watch}, help) starts none. DXPY_NO_PRESTART=1 turns this off.
     */
    static void prestart(Path cwd, String[] args) {
        Prestart p = prestartFor(args);
        if (p == null) {
            return;
        }
        try {
            Dxpy.prestartWorkers(EngineConfig.builder().invocationDir(cwd).python(p.python()).build(),
                    p.workers() > 0 ? p.workers() : Runtime.getRuntime().availableProcessors());
        } catch (RuntimeException e) {
            // a guess only: the run starts its workers itself
        }
    }

    /** What {@link #prestart} reads from {@code dx-py test ARGS}: the interpreter (null: the default) and the worker count (0: one per core). */
    record Prestart(String python, int workers) {
    }

    /** The workers to prestart for {@code args} (a {@code test} command), or null when the command needs none. */
    static Prestart prestartFor(String[] args) {
        String python = null;
        int workers = 0;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            switch (a) {
                case "--collect-only", "--watch", "-h", "--help", "-V", "--version" -> {
                    return null;
                }
                case "--python" -> python = i + 1 < args.length ? args[++i] : null;
                case "-n", "--workers" -> workers = i + 1 < args.length ? count(args[++i]) : 0;
                default -> {
                    if (a.startsWith("--python=")) {
                        python = a.substring("--python=".length());
                    } else if (a.startsWith("--workers=")) {
                        workers = count(a.substring("--workers=".length()));
                    }
                }
            }
        }
        return new Prestart(python, workers);
    }

    private static int count(String n) {
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return 0; // 'auto', or an error the parse reports
        }
    }

    /** Runs {@code dx-py test} in the daemon serving {@code cwd}, if one does; empty otherwise. */
    private static Optional<Integer> forward(Path cwd, String[] args, PrintStream out, PrintStream err) {
        try {
            return Dxpy.daemon().forward(cwd, List.of(args), System.getenv(), out);
        } catch (DxpyException e) {
            out.flush();
            err.println("dx-py: " + e.getMessage());
            return Optional.of(EXIT_INTERNAL);
        }
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("0", "all selected tests passed");
        m.put("1", "tests failed or files could not be collected");
        m.put("2", "the run was interrupted");
        m.put("3", "the run could not start (e.g. no Python interpreter) or broke");
        m.put("4", "usage error (unknown option, bad -k/-m expression)");
        m.put("5", "no tests were collected");
        return m;
    }

    /**
     * {@code dx-py}: help, version, the subcommands {@code test} and {@code daemon}; for a command line that
     * names one of them, only that one (the other's spec and its CommandLine cost a cold start a few ms, and
     * nothing of it is printed: its help, errors and suggestions come from the top level, which has both).
     */
    CommandSpec commandSpec(String... args) {
        spec = CommandSpec.wrapWithoutInspection(this).name("dx-py");
        spec.usageMessage().description("Runs Python test suites, fast. See 'dx-py test --help'.")
                .exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        Specs.standardHelp(spec);
        String first = args.length > 0 ? args[0] : "";
        if (!first.equals("daemon")) {
            spec.addSubcommand("test", new TestCommand(this).commandSpec());
        }
        if (!first.equals("test")) {
            spec.addSubcommand("daemon", new DaemonCommand(this).commandSpec());
        }
        return spec;
    }

    /** Parses and runs {@code args}; returns the process exit code. */
    int execute(String... args) {
        CommandLine cli = new CommandLine(commandSpec(args));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("dx-py: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            out.flush();
            if (e instanceof UsageException) {
                err.println("dx-py: error: " + e.getMessage());
                return EXIT_USAGE;
            }
            if (e instanceof DxpyException) {
                err.println("dx-py: " + e.getMessage());
                return EXIT_INTERNAL;
            }
            err.println("dx-py: internal error, please report it with this trace:");
            e.printStackTrace(err);
            return EXIT_INTERNAL;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'dx-py test'");
    }
}

package dev.dxpy.cli;

import dev.dxpy.core.api.Daemon;
import dev.dxpy.core.api.Dxpy;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dx-py daemon start|stop|status}: a warm engine for the project in the current directory. */
final class DaemonCommand implements Callable<Integer> {

    final Main main;
    String action;
    Path rootDir;

    DaemonCommand(Main main) {
        this.main = main;
    }

    CommandSpec commandSpec() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("daemon");
        spec.usageMessage().description(
                "Keeps a warm dx-py (JVM, discovery index, spare workers with the suite's third-party imports loaded) "
                        + "for the project in the current directory; 'dx-py test' in it or below uses it when it runs.",
                "Every run still imports the project's current source: spare workers never import project code.",
                "Set DXPY_NO_DAEMON=1 to make 'dx-py test' run in-process anyway.");
        spec.addPositional(Specs.positional(String.class, () -> action, v -> action = (String) v).index("0").arity("1")
                .required(true).paramLabel("ACTION").description("start, stop, status (or run: serve in the foreground).")
                .build());
        spec.addOption(Specs.option(Path.class, () -> rootDir, v -> rootDir = (Path) v, "--rootdir").paramLabel("DIR")
                .description("Serve DIR instead of the current directory.").build());
        Specs.standardHelp(spec);
        return spec;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path root = rootDir == null ? main.cwd : main.cwd.resolve(rootDir).normalize();
        Daemon daemon = Dxpy.daemon();
        switch (action) {
            case "run" -> {
                daemon.serve(root, (cwd, args, env, out) -> {
                    Main client = new Main(Dxpy::engine, cwd, env, out, out);
                    client.envForWorkers = true; // tests see the client's environment, not the daemon's
                    return client.execute(args.toArray(String[]::new));
                });
                return 0;
            }
            case "start" -> {
                return start(daemon, root);
            }
            case "stop", "status" -> {
                Optional<Integer> code = daemon.forward(root, List.of("daemon", action), Map.of(), main.out);
                if (code.isEmpty()) {
                    main.out.println("no dx-py daemon runs for " + root);
                    return action.equals("stop") ? 0 : 1;
                }
                if (action.equals("stop")) {
                    waitGone(daemon.socket(root));
                }
                return code.get();
            }
            default -> {
                main.err.println("dx-py: unknown daemon action '" + action + "': use start, stop or status");
                return Main.EXIT_USAGE;
            }
        }
    }

    private int start(Daemon daemon, Path root) throws IOException, InterruptedException {
        if (daemon.forward(root, List.of("daemon", "status"), Map.of(), java.io.OutputStream.nullOutputStream()).isPresent()) {
            main.out.println("a dx-py daemon already runs for " + root);
            return 0;
        }
        Path log = root.resolve(".dxpy").resolve("daemon.log");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid"); // its own session: a closed terminal does not hang it up
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        // C1 only, as the launcher's short-lived JVMs: a run's hot paths are small (frames of 10k results), and with
        // C2 a daemon went on compiling for ten runs and more (0.28 s of CPU per warm 10k run against 0.20 s, taken
        // from the workers on a small machine; runs 5-8 after start 0.62-0.76 s against 0.54-0.61 s)
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", jar(), Main.class.getName(), "daemon",
                "run", "--rootdir", root.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("DXPY_NO_DAEMON", "1");
        Process p = pb.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (daemon.forward(root, List.of("daemon", "status"), Map.of(), java.io.OutputStream.nullOutputStream()).isPresent()) {
                main.out.println("dx-py daemon started for " + root + " (pid " + p.pid() + ", log " + log + ")");
                return 0;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        main.err.println("dx-py: the daemon did not start; see " + log);
        return Main.EXIT_INTERNAL;
    }

    private static void waitGone(Path socket) throws InterruptedException {
        for (int i = 0; i < 100 && Files.exists(socket); i++) {
            Thread.sleep(50);
        }
    }

    private static String jar() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.dxpy.core.baseline;

import dev.dxpy.core.api.Baseline;
import dev.dxpy.core.api.DxpyException;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.config.ProjectConfig;
import dev.dxpy.core.worker.PythonInterpreter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Measures pytest on the same selection as a dxpy run: {@code python -m pytest -p no:cacheprovider -q}
 * with the same paths, {@code -k} and {@code -m}, in the same directory, timed from start to exit.
 */
public final class PytestBaseline {

    private final EngineConfig config;
    private final Clock clock;

    public PytestBaseline(EngineConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The command pytest is run with. */
    List<String> command(Path python) {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-m", "pytest", "-p", "no:cacheprovider", "-q"));
        cmd.addAll(config.args());
        if (config.keyword() != null) {
            cmd.addAll(List.of("-k", config.keyword()));
        }
        if (config.markers() != null) {
            cmd.addAll(List.of("-m", config.markers()));
        }
        return cmd;
    }

    /** What identifies the selection in {@code baseline.json}: the pytest arguments after {@code -q}. */
    String selection() {
        List<String> cmd = command(Path.of("python"));
        return String.join(" ", cmd.subList(6, cmd.size()));
    }

    public Optional<Baseline> recorded() {
        return file().read(selection());
    }

    public Baseline measure() {
        Path python = PythonInterpreter.resolve(config.python(), System.getenv("PATH"));
        ProcessBuilder pb = new ProcessBuilder(command(python)).directory(config.invocationDir().toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(config.environment());
        long start = System.nanoTime();
        int exit;
        String err;
        try {
            Process p = pb.start();
            err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = p.waitFor();
        } catch (IOException e) {
            throw new DxpyException("cannot run pytest for the baseline (" + e.getMessage() + "): check --python", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DxpyException("interrupted while measuring the pytest baseline", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (err.contains("No module named pytest")) {
            throw new DxpyException("pytest is not installed for " + python + ": install it there to measure a baseline,"
                    + " or run without --baseline");
        }
        if (exit != 0 && exit != 1 && exit != 5) { // pytest: ok, failures, nothing collected all count as a full run
            throw new DxpyException("pytest exited with " + exit + " while measuring the baseline, so its time means"
                    + " nothing: " + err.strip() + ". Run `" + String.join(" ", command(python)) + "` to see why");
        }
        Baseline b = new Baseline(took, clock.instant());
        try {
            file().write(selection(), b);
        } catch (IOException e) {
            throw new DxpyException("cannot record the baseline in " + file() + " (" + e.getMessage() + ")", e);
        }
        return b;
    }

    private BaselineFile file() {
        Path cache = config.cacheDir() != null ? config.cacheDir()
                : ProjectConfig.load(config.invocationDir(), config.args(), config.rootDir()).rootdir().resolve(".dxpy");
        return new BaselineFile(cache.resolve("baseline.json"));
    }
}

package dev.dxpy.maven;

import dev.dxpy.core.api.ConsoleOptions;
import dev.dxpy.core.api.Dxpy;
import dev.dxpy.core.api.DxpyException;
import dev.dxpy.core.api.Engine;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Runs the project's Python tests with dxpy and writes surefire-style reports. Fails the build when
 * a test fails or a file cannot be collected; a run that selects no test only warns unless
 * {@code failIfNoTests} is set.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.TEST, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.NONE)
public class TestMojo extends AbstractDxpyMojo {

    /** The interpreter to run workers with: a command on PATH or a path (relative: to the working directory). Default: {@code python3}. */
    @Parameter(property = "dxpy.python")
    String python;

    /** Number of Python workers; 0 means one per core. */
    @Parameter(property = "dxpy.workers", defaultValue = "0")
    int workers;

    /** Per-test timeout in seconds; unset for none. */
    @Parameter(property = "dxpy.timeout")
    Integer timeout;

    /** Extra environment variables for the workers. */
    @Parameter
    Map<String, String> environmentVariables;

    /** Skips running the tests, like surefire's {@code -DskipTests}. */
    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    /** Skips running the tests, like surefire's {@code -Dmaven.test.skip}. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    boolean mavenTestSkip;

    /** Reports failing tests but lets the build go on. */
    @Parameter(property = "maven.test.failure.ignore", defaultValue = "false")
    boolean testFailureIgnore;

    /**
     * Fails the build when no test was selected. Off by default, unlike surefire's
     * {@code failIfNoSpecifiedTests}: {@code -Ddxpy.test=...} reaches every module of a reactor, and
     * modules without a matching test should not fail.
     */
    @Parameter(property = "dxpy.failIfNoTests", defaultValue = "false")
    boolean failIfNoTests;

    /** Write new and changed snapshots ({@code dx.snapshot()}) and, after a full run, remove obsolete ones. */
    @Parameter(property = "dxpy.updateSnapshots", defaultValue = "false")
    boolean updateSnapshots;

    /**
     * Modules every worker imports before its first test (e.g. {@code numpy,pandas}), besides the
     * third-party modules the selected test files import, which are preloaded anyway. Modules of the
     * project itself are never preloaded (each run imports its current source).
     */
    @Parameter(property = "dxpy.preload")
    List<String> preload;

    /** Where the {@code TEST-*.xml} reports go. */
    @Parameter(property = "dxpy.reportsDirectory", defaultValue = "${project.build.directory}/surefire-reports")
    File reportsDirectory;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    String pluginVersion;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipTests || mavenTestSkip) {
            getLog().info("Tests are skipped.");
            return;
        }
        EngineConfig config = engineConfig();
        RunResult result;
        try (PrintStream console = MavenLogStream.of(getLog());
                Engine engine = Dxpy.engine(config)) {
            result = engine.run(RunListener.of(
                    Dxpy.console(new ConsoleOptions(console, false, 0, 0, false, Dxpy.baseline(config).orElse(null))),
                    Dxpy.surefireReports(reportsDirectory.toPath(), reportProperties())));
        } catch (DxpyException e) {
            throw couldNotRun(e);
        }
        judge(result);
    }

    /** The engine configuration these parameters stand for. */
    EngineConfig engineConfig() throws MojoExecutionException {
        if (workers < 0) {
            throw new MojoExecutionException("<workers> (-Ddxpy.workers) must be 0 (one per core) or more, got " + workers + ".");
        }
        if (timeout != null && timeout <= 0) {
            throw new MojoExecutionException("<timeout> (-Ddxpy.timeout) is in seconds and must be positive, got " + timeout
                    + "; leave it unset for no timeout.");
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (environmentVariables != null) {
            environmentVariables.forEach((k, v) -> env.put(k, v == null ? "" : v));
        }
        if (updateSnapshots) {
            env.put("DXPY_UPDATE_SNAPSHOTS", "1");
        }
        return selection()
                .python(interpreter())
                .workers(workers)
                .timeout(timeout == null ? null : Duration.ofSeconds(timeout))
                .environment(env)
                .preload(preload == null ? List.of() : preload.stream().filter(m -> m != null).toList())
                .build();
    }

    /** A relative path such as {@code .venv/bin/python} is taken from the working directory; a bare name is looked up on PATH. */
    private String interpreter() {
        if (python == null || python.isBlank()) {
            return null;
        }
        String p = python.trim();
        boolean isPath = p.indexOf('/') >= 0 || p.indexOf(File.separatorChar) >= 0;
        return isPath && !Path.of(p).isAbsolute() ? workingDirectory.toPath().resolve(p).normalize().toString() : p;
    }

    Map<String, String> reportProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("dxpy.version", pluginVersion == null ? "unknown" : pluginVersion);
        props.put("dxpy.python", python == null || python.isBlank() ? "python3" : python.trim());
        props.put("dxpy.workers", workers == 0 ? "one per core" : Integer.toString(workers));
        return props;
    }

    /** Turns the run's outcome into the build's. */
    void judge(RunResult result) throws MojoExecutionException, MojoFailureException {
        RunSummary summary = new RunSummary(result);
        getLog().info(summary.surefireLine());
        switch (result.exitCode()) {
            case RunResult.EXIT_OK -> {
            }
            case RunResult.EXIT_NO_TESTS -> {
                String message = "No tests were selected" + selectionNote() + ".";
                if (failIfNoTests) {
                    throw new MojoFailureException(message + " Unset <failIfNoTests> (-Ddxpy.failIfNoTests) to allow that.");
                }
                getLog().warn(message);
            }
            case RunResult.EXIT_INTERRUPTED -> throw new MojoExecutionException("The test run was interrupted: " + summary.pytestLine() + ".");
            default -> {
                String message = "There are test failures: " + summary.pytestLine() + ". See reports in " + reportsDirectory + ".";
                if (!testFailureIgnore) {
                    throw new MojoFailureException(message);
                }
                getLog().error(message);
            }
        }
    }

    private String selectionNote() {
        return test == null || test.isBlank() ? "" : " by <test> (-Ddxpy.test) '" + test.trim() + "'";
    }
}

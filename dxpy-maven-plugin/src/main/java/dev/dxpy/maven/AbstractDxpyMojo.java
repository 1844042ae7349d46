package dev.dxpy.maven;

import dev.dxpy.core.api.DxpyException;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.InterpreterNotFoundException;
import dev.dxpy.core.api.UsageException;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** What both goals share: which tests (paths, {@code -k}, {@code -m}), from where, and how an engine error reads in Maven terms. */
abstract class AbstractDxpyMojo extends AbstractMojo {

    /**
     * Files, directories or node ids to collect, relative to {@link #workingDirectory}, as given to pytest.
     * Empty (the default): the project's pytest configuration ({@code testpaths}) decides.
     */
    @Parameter(property = "dxpy.testPaths")
    List<String> testPaths;

    /** A {@code -k} expression selecting tests by name, like surefire's {@code -Dtest}. */
    @Parameter(property = "dxpy.test")
    String test;

    /** A {@code -m} expression selecting tests by marker. */
    @Parameter(property = "dxpy.markers")
    String markers;

    /** Where pytest would be started: its rootdir and config search begin here. */
    @Parameter(property = "dxpy.workingDirectory", defaultValue = "${project.basedir}")
    File workingDirectory;

    /** Skips the goal. */
    @Parameter(property = "dxpy.skip", defaultValue = "false")
    boolean skip;

    /** A config builder with the selection shared by both goals. */
    EngineConfig.Builder selection() {
        List<String> args = new ArrayList<>();
        if (testPaths != null) {
            testPaths.stream().filter(p -> p != null && !p.isBlank()).map(String::trim).forEach(args::add);
        }
        return EngineConfig.builder()
                .invocationDir(workingDirectory.toPath())
                .args(args)
                .keyword(test)
                .markers(markers);
    }

    /** Translates an engine error into the Maven exception that names the POM element to fix. */
    MojoExecutionException couldNotRun(DxpyException e) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().replaceAll("\\.$", "");
        if (e instanceof InterpreterNotFoundException) {
            return new MojoExecutionException(what + ". Set <python> in the dxpy-maven-plugin configuration"
                    + " (or -Ddxpy.python=...) to a Python 3 interpreter, e.g. <python>${project.basedir}/.venv/bin/python</python>.", e);
        }
        if (e instanceof UsageException) {
            return new MojoExecutionException(what + ". Check " + parameterAtFault(e.getMessage()) + ".", e);
        }
        return new MojoExecutionException("dxpy could not run the tests: " + what + ".", e);
    }

    /** The selection parameter whose value the engine's message quotes, or all of them when none does. */
    String parameterAtFault(String message) {
        String msg = message == null ? "" : message;
        if (test != null && !test.isBlank() && msg.contains(test.trim())) {
            return "<test> (-Ddxpy.test)";
        }
        if (markers != null && !markers.isBlank() && msg.contains(markers.trim())) {
            return "<markers> (-Ddxpy.markers)";
        }
        if (testPaths != null && testPaths.stream().anyMatch(p -> p != null && !p.isBlank() && msg.contains(p.trim()))) {
            return "<testPaths> (-Ddxpy.testPaths)";
        }
        return "<testPaths> (-Ddxpy.testPaths), <test> (-Ddxpy.test) and <markers> (-Ddxpy.markers)";
    }
}

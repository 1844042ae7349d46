package dev.dxpy.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.InterpreterNotFoundException;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.api.UsageException;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestMojoTest {

    @TempDir
    Path basedir;

    private final RecordingLog log = new RecordingLog();

    private TestMojo mojo() {
        TestMojo mojo = new TestMojo();
        mojo.setLog(log);
        mojo.workingDirectory = basedir.toFile();
        mojo.reportsDirectory = basedir.resolve("target/surefire-reports").toFile();
        return mojo;
    }

    @Test
    void defaultsLeaveSelectionToPytestConfig() throws Exception {
        EngineConfig config = mojo().engineConfig();

        assertThat(config.invocationDir()).isEqualTo(basedir.toAbsolutePath().normalize());
        assertThat(config.args()).isEmpty();
        assertThat(config.keyword()).isNull();
        assertThat(config.markers()).isNull();
        assertThat(config.python()).isNull();
        assertThat(config.workers()).isZero();
        assertThat(config.timeout()).isNull();
        assertThat(config.environment()).isEmpty();
    }

    @Test
    void mapsEveryParameter() throws Exception {
        TestMojo mojo = mojo();
        mojo.testPaths = new ArrayList<>(Arrays.asList("tests/unit", " ", "tests/test_x.py::test_y"));
        mojo.test = "alpha and not beta";
        mojo.markers = "slow";
        mojo.python = "/usr/bin/python3";
        mojo.workers = 3;
        mojo.timeout = 30;
        Map<String, String> env = new TreeMap<>();
        env.put("A", "1");
        env.put("EMPTY", null);
        mojo.environmentVariables = env;

        EngineConfig config = mojo.engineConfig();

        assertThat(config.args()).containsExactly("tests/unit", "tests/test_x.py::test_y");
        assertThat(config.keyword()).isEqualTo("alpha and not beta");
        assertThat(config.markers()).isEqualTo("slow");
        assertThat(config.python()).isEqualTo("/usr/bin/python3");
        assertThat(config.workers()).isEqualTo(3);
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.environment()).containsEntry("A", "1").containsEntry("EMPTY", "");
    }

    @Test
    void preloadListReachesTheEngineWithoutBlanks() throws Exception {
        TestMojo mojo = mojo();
        mojo.preload = new ArrayList<>(Arrays.asList("numpy", " ", null, " pandas "));
        assertThat(mojo.engineConfig().preload()).containsExactly("numpy", "pandas");
        mojo.preload = null;
        assertThat(mojo.engineConfig().preload()).isEmpty();
    }

    @Test
    void theSummaryShowsTheSpeedupAgainstAMeasuredPytestBaseline() throws Exception {
        java.nio.file.Files.writeString(basedir.resolve("pytest.ini"), "[pytest]\n");
        java.nio.file.Files.createDirectories(basedir.resolve("tests"));
        java.nio.file.Files.writeString(basedir.resolve("tests/test_one.py"), "def test_one():\n    pass\n");
        TestMojo mojo = mojo();
        mojo.workers = 1;
        mojo.execute();
        assertThat(log.lines).noneMatch(l -> l.contains("than pytest"));

        dev.dxpy.core.api.Dxpy.measureBaseline(mojo.engineConfig());
        log.lines.clear();
        mojo.execute();
        assertThat(log.lines).anyMatch(l -> l.matches("INFO .*\\d+\\.\\dx (faster|slower) than pytest \\(baseline .*measured \\d{4}-.*"));
    }

    @Test
    void relativeInterpreterPathIsTakenFromTheWorkingDirectory() throws Exception {
        TestMojo mojo = mojo();
        mojo.python = ".venv/bin/python";
        assertThat(mojo.engineConfig().python()).isEqualTo(basedir.resolve(".venv/bin/python").toString());

        mojo.python = "python3.11";
        assertThat(mojo.engineConfig().python()).isEqualTo("python3.11");
    }

    @Test
    void badNumbersNameTheirPomElement() {
        TestMojo mojo = mojo();
        mojo.workers = -1;
        assertThatThrownBy(mojo::engineConfig).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("<workers>").hasMessageContaining("-Ddxpy.workers");

        mojo.workers = 0;
        mojo.timeout = 0;
        assertThatThrownBy(mojo::engineConfig).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("<timeout>").hasMessageContaining("seconds");
    }

    @Test
    void reportPropertiesNameVersionInterpreterAndWorkers() {
        TestMojo mojo = mojo();
        mojo.pluginVersion = "1.2.3";
        mojo.workers = 4;
        assertThat(mojo.reportProperties()).containsEntry("dxpy.version", "1.2.3")
                .containsEntry("dxpy.python", "python3").containsEntry("dxpy.workers", "4");
    }

    @Test
    void failingTestsFailTheBuildWithTheSummary() {
        TestMojo mojo = mojo();
        RunResult run = run(List.of(result("test_a", Outcome.FAILED), result("test_b", Outcome.PASSED),
                result("test_c", Outcome.PASSED)), List.of());

        assertThatThrownBy(() -> mojo.judge(run)).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("There are test failures: 1 failed, 2 passed in 1.50s. See reports in ")
                .hasMessageContaining("surefire-reports");
        assertThat(log.lines).contains("INFO Tests run: 3, Failures: 1, Errors: 0, Skipped: 0");
    }

    @Test
    void collectionErrorsFailTheBuild() {
        RunResult run = run(List.of(result("test_a", Outcome.PASSED)),
                List.of(new CollectionError("tests/test_bad.py", 3, "SyntaxError")));

        assertThatThrownBy(() -> mojo().judge(run)).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("1 passed, 1 error");
    }

    @Test
    void testFailureIgnoreLogsInsteadOfFailing() throws Exception {
        TestMojo mojo = mojo();
        mojo.testFailureIgnore = true;
        mojo.judge(run(List.of(result("test_a", Outcome.ERROR)), List.of()));

        assertThat(log.lines).anyMatch(l -> l.startsWith("ERROR There are test failures: 1 error"));
    }

    @Test
    void noTestsWarnsUnlessFailIfNoTests() throws Exception {
        TestMojo mojo = mojo();
        mojo.test = "nomatch";
        RunResult empty = run(List.of(), List.of());
        mojo.judge(empty);
        assertThat(log.lines).contains("WARN No tests were selected by <test> (-Ddxpy.test) 'nomatch'.");

        mojo.failIfNoTests = true;
        assertThatThrownBy(() -> mojo.judge(empty)).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("failIfNoTests");
    }

    @Test
    void passingRunSucceeds() throws Exception {
        mojo().judge(run(List.of(result("test_a", Outcome.PASSED), result("test_b", Outcome.SKIPPED)), List.of()));
        assertThat(log.lines).containsExactly("INFO Tests run: 2, Failures: 0, Errors: 0, Skipped: 1");
    }

    @Test
    void missingInterpreterNamesThePythonParameter() {
        MojoExecutionException e = mojo().couldNotRun(new InterpreterNotFoundException("cannot run /nonexistent/python3"));
        assertThat(e).hasMessageStartingWith("cannot run /nonexistent/python3. Set <python>")
                .hasMessageContaining("<python>").hasMessageContaining("-Ddxpy.python");
    }

    @Test
    void usageErrorNamesTheParameterItQuotes() {
        TestMojo mojo = mojo();
        mojo.test = "alpha and";
        mojo.testPaths = List.of("tests/missing");
        assertThat(mojo.couldNotRun(new UsageException("bad -k expression 'alpha and'.")))
                .hasMessage("bad -k expression 'alpha and'. Check <test> (-Ddxpy.test).");
        assertThat(mojo.couldNotRun(new UsageException("file or directory not found: tests/missing")))
                .hasMessageContaining("<testPaths> (-Ddxpy.testPaths)");
        assertThat(mojo.couldNotRun(new UsageException("something else")).getMessage())
                .contains("<testPaths>", "<test>", "<markers>");
    }

    @Test
    void skipDoesNotTouchTheEngine() throws Exception {
        for (int i = 0; i < 3; i++) {
            TestMojo mojo = mojo();
            mojo.skip = i == 0;
            mojo.skipTests = i == 1;
            mojo.mavenTestSkip = i == 2;
            mojo.execute();
        }
        assertThat(log.lines).containsExactly("INFO Tests are skipped.", "INFO Tests are skipped.", "INFO Tests are skipped.");
        assertThat(new File(basedir.toFile(), "target")).doesNotExist();
    }

    private static TestResult result(String name, Outcome outcome) {
        return new TestResult(TestId.of("tests/test_m.py", List.of(), name), outcome, Duration.ofMillis(10), "", "", "", "", false);
    }

    private static RunResult run(List<TestResult> results, List<CollectionError> errors) {
        return new RunResult(results, errors, Duration.ofMillis(1500), false);
    }
}

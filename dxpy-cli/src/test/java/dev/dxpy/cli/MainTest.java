package dev.dxpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.DxpyException;
import dev.dxpy.core.api.InterpreterNotFoundException;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.api.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path cwd;

    private final FakeEngine engine = new FakeEngine();
    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void project() throws IOException {
        Files.createDirectories(cwd.resolve("tests"));
        Files.writeString(cwd.resolve("tests/test_a.py"), "def test_ok(): pass\n");
    }

    private int run(String... args) {
        Main main = new Main(engine, cwd, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return main.execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static TestResult result(String nodeId, Outcome outcome) {
        return new TestResult(TestId.parse(nodeId), outcome, Duration.ofMillis(3), outcome.isFailure() ? "boom" : "", "", "", "", false);
    }

    @Test
    void mapsOptionsOntoTheEngineConfig() {
        assertThat(run("test", "--python", "/usr/bin/python3.11", "-n", "3", "--timeout", "1.5", "-m", "slow",
                "--rootdir", "tests", "--no-index", "--preload", "numpy,yaml", "--preload=attr", "tests",
                "tests/test_a.py::test_ok")).isEqualTo(5);
        var c = engine.config;
        assertThat(c.invocationDir()).isEqualTo(cwd.toAbsolutePath().normalize());
        assertThat(c.args()).containsExactly("tests", "tests/test_a.py::test_ok");
        assertThat(c.python()).isEqualTo("/usr/bin/python3.11");
        assertThat(c.workers()).isEqualTo(3);
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.markers()).isEqualTo("slow");
        assertThat(c.rootDir()).isEqualTo(cwd.resolve("tests").toAbsolutePath().normalize());
        assertThat(c.useIndex()).isFalse();
        assertThat(c.keyword()).isNull();
        assertThat(c.preload()).containsExactly("numpy", "yaml", "attr");
        assertThat(engine.closed).isTrue();
    }

    @Test
    void inTheDaemonWorkersGetTheClientsEnvironmentElseTheirOwn() {
        env.put("ONLY_IN_CLIENT", "1");
        run("test");
        assertThat(engine.config.clientEnvironment()).as("in-process: the workers inherit this process's").isNull();
        Main daemonSide = new Main(engine, cwd, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        daemonSide.envForWorkers = true;
        daemonSide.execute("test");
        assertThat(engine.config.clientEnvironment()).isEqualTo(Map.of("ONLY_IN_CLIENT", "1"));
    }

    @Test
    void changeSelectionOptionsMapOntoTheEngineConfig() {
        run("test", "--affected-by", "pkg/a.py", "pkg/b.py");
        assertThat(engine.config.affectedBy()).containsExactly(Path.of("pkg/a.py"), Path.of("pkg/b.py"));
        assertThat(engine.config.args()).isEmpty();
        run("test", "--changed", "--lf");
        assertThat(engine.config.affectedBy()).isNull();
        assertThat(engine.config.changed()).isTrue();
        assertThat(engine.config.lastFailed()).isTrue();
        assertThat(run("test", "--watch", "--debounce", "-5")).isEqualTo(4);
        assertThat(err()).contains("--debounce must be >= 0");
    }

    @Test
    void defaultsAreAutoWorkersNoTimeoutAndTheIndex() {
        run("test");
        assertThat(engine.config.workers()).isZero();
        assertThat(engine.config.timeout()).isNull();
        assertThat(engine.config.useIndex()).isTrue();
        assertThat(engine.config.args()).isEmpty();
    }

    @Test
    void argumentsThatAreNotPathsAreKeywordPatterns() {
        run("test", "login", "tests", "missing_dir/test_x.py", "not slow");
        assertThat(engine.config.args()).containsExactly("tests", "missing_dir/test_x.py");
        assertThat(engine.config.keyword()).isEqualTo("(login) and (not slow)");
    }

    @Test
    void aPatternAndMinusKAreCombined() {
        run("test", "-k", "a or b", "login");
        assertThat(engine.config.keyword()).isEqualTo("(a or b) and (login)");
        run("test", "-k", "a or b");
        assertThat(engine.config.keyword()).isEqualTo("a or b");
    }

    @Test
    void exitCodeIsTheRunsAndTheConsoleReportIsPrinted() {
        engine.results.add(result("tests/test_a.py::test_ok", Outcome.PASSED));
        engine.results.add(result("tests/test_a.py::test_bad", Outcome.FAILED));
        assertThat(run("test", "--color", "no")).isEqualTo(1);
        assertThat(out()).contains("\u2717 tests/test_a.py::test_bad 3ms")
                .contains("FAILED tests/test_a.py::test_bad - boom")
                .contains("1 failed, 1 passed in 0.05s");
        assertThat(out()).doesNotContain("\u001b[");
    }

    @Test
    void allPassedIsZeroAndQuietPrintsDots() {
        engine.results.add(result("tests/test_a.py::test_ok", Outcome.PASSED));
        assertThat(run("test", "-q", "--color", "no")).isZero();
        assertThat(out().lines()).containsExactly(".", "1 passed in 0.05s");
    }

    @Test
    void colorYesForcesAnsiCodes() {
        engine.results.add(result("tests/test_a.py::test_ok", Outcome.PASSED));
        run("test", "--color", "yes");
        assertThat(out()).contains("\u001b[32m");
    }

    @Test
    void junitXmlIsWrittenWhereAsked() {
        engine.results.add(result("tests/test_a.py::test_ok", Outcome.PASSED));
        run("test", "--junit-xml", "out/report.xml");
        assertThat(cwd.resolve("out/report.xml")).content().contains("<testcase classname=\"tests.test_a\" name=\"test_ok\"");
    }

    @Test
    void onCiAJunitReportIsWrittenByDefault() {
        engine.results.add(result("tests/test_a.py::test_ok", Outcome.PASSED));
        run("test");
        assertThat(cwd.resolve(TestCommand.CI_REPORT)).doesNotExist();
        env.put("CI", "true");
        run("test");
        assertThat(cwd.resolve(TestCommand.CI_REPORT)).exists();
    }

    @Test
    void collectOnlyListsNodeIdsAndCounts() {
        engine.results.add(result("tests/test_a.py::test_ok", Outcome.PASSED));
        engine.collected.add(new CollectedTest(TestId.parse("tests/test_a.py::test_dyn"), 3, true));
        assertThat(run("test", "--collect-only")).isZero();
        assertThat(out().lines()).containsExactly(
                "tests/test_a.py::test_dyn",
                "tests/test_a.py::test_ok",
                "",
                "1 test is parametrized at run time (non-literal arguments): listed once, expanded when run",
                "2 tests collected in 0.01s");
    }

    @Test
    void collectOnlySaysWhichIdsAWorkerListedAndWhichFilesWereIgnored() {
        engine.collected.add(new CollectedTest(TestId.parse("tests/test_a.py::test_dyn[0]"), 3, false));
        engine.collected.add(new CollectedTest(TestId.parse("tests/test_a.py::test_dyn[1]"), 3, false));
        engine.collected.add(new CollectedTest(TestId.parse("tests/test_b.py::test_ok"), 1, false));
        engine.listedByWorker.put("tests/test_a.py", "run-time parametrization");
        engine.ignored.put("tests/test_old.py", "a conftest's collect_ignore");
        assertThat(run("test", "--collect-only")).isZero();
        assertThat(out().lines()).containsExactly(
                "tests/test_a.py::test_dyn[0]",
                "tests/test_a.py::test_dyn[1]",
                "tests/test_b.py::test_ok",
                "",
                "2 of these ids were listed by a worker that imported 1 file (the others by static discovery):",
                "  tests/test_a.py (run-time parametrization)",
                "1 file is left out by a conftest's computed collect_ignore, as pytest leaves them out:",
                "  tests/test_old.py",
                "3 tests collected in 0.01s");
    }

    @Test
    void collectOnlyReportsErrorsWithExitOne() {
        engine.errors.add(new CollectionError("tests/test_bad.py", 2, "SyntaxError: invalid syntax"));
        assertThat(run("test", "--collect-only")).isEqualTo(1);
        assertThat(out().lines()).containsExactly(
                "", "ERROR collecting tests/test_bad.py:2: SyntaxError: invalid syntax", "no tests collected, 1 error in 0.01s");
    }

    @Test
    void unknownOptionIsAUsageErrorNamingIt() {
        assertThat(run("test", "--frobnicate")).isEqualTo(4);
        assertThat(err()).contains("--frobnicate").contains("dx-py test --help");
        assertThat(engine.config).isNull();
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertThat(run("test", "-n", "zero")).isEqualTo(4);
        assertThat(err()).contains("-n/--workers must be 'auto' or a number >= 1, got 'zero'");
        assertThat(run("test", "--color", "sometimes")).isEqualTo(4);
        assertThat(run("test", "--timeout", "-1")).isEqualTo(4);
        assertThat(run("test", "--durations", "x")).isEqualTo(4);
    }

    @Test
    void engineUsageErrorsExitFourAndOtherDxpyErrorsThree() {
        engine.failure = new UsageException("Wrong expression passed to '-k': a and: at column 6");
        assertThat(run("test", "-k", "a and")).isEqualTo(4);
        assertThat(err()).contains("Wrong expression passed to '-k'");
        engine.failure = new InterpreterNotFoundException("python3 not found on PATH: pass --python");
        assertThat(run("test")).isEqualTo(3);
        assertThat(err()).contains("dx-py: python3 not found on PATH: pass --python");
        engine.failure = new DxpyException("cannot write");
        assertThat(run("test")).isEqualTo(3);
    }

    @Test
    void versionAndHelp() {
        assertThat(run("--version")).isZero();
        assertThat(out()).startsWith("dx-py ").doesNotContain("unknown");
        assertThat(run("test", "--help")).isZero();
        assertThat(out()).contains("--collect-only").contains(TestCommand.CI_REPORT).contains("--junit-xml=FILE");
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("Exit codes:").contains("4   usage error");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(4);
        assertThat(err()).contains("dx-py test");
        assertThat(engine.config).isNull();
    }

    @Test
    void argumentsClassification() {
        assertThat(Arguments.isPath("tests", cwd)).isTrue();
        assertThat(Arguments.isPath("nope.py", cwd)).isTrue();
        assertThat(Arguments.isPath("x::y", cwd)).isTrue();
        assertThat(Arguments.isPath("login", cwd)).isFalse();
        assertThat(Arguments.split(List.of("a", "b"), null, cwd).keyword()).isEqualTo("(a) and (b)");
    }
}

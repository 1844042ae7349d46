package dev.dxpy.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.ConsoleOptions;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.TestResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private String run(boolean color, int verbosity, int durations, RunResult run) {
        ConsoleReporter reporter = new ConsoleReporter(
                new ConsoleOptions(new PrintStream(bytes, true, StandardCharsets.UTF_8), color, verbosity, durations));
        SampleRun.replay(reporter, run);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static List<String> lines(String s) {
        return s.lines().toList();
    }

    @Test
    void oneLinePerTestWithMarkNodeIdAndDuration() {
        String out = run(false, 0, 0, SampleRun.RUN);
        assertThat(lines(out)).contains(
                "collected 8 items / 1 error",
                "\u2713 tests/test_a.py::test_ok 0ms",
                "\u2717 tests/test_a.py::test_fail 0ms",
                "\u25cb tests/test_a.py::test_skip SKIPPED (not now) 0ms",
                "x tests/test_a.py::test_xfail XFAIL (known bug) 0ms",
                "X tests/test_a.py::test_xpass XPASS 0ms",
                "E tests/test_a.py::test_err ERROR 0ms");
    }

    @Test
    void endsWithPytestsBlocksInPytestsOrder() {
        List<String> out = lines(run(false, 0, 0, SampleRun.RUN));
        int errors = out.indexOf(Terminal.separator('=', "ERRORS"));
        int collecting = out.indexOf(Terminal.separator('_', "ERROR collecting tests/test_bad.py"));
        int failures = out.indexOf(Terminal.separator('=', "FAILURES"));
        int summary = out.indexOf(Terminal.separator('=', "short test summary info"));
        assertThat(errors).isPositive().isLessThan(collecting);
        assertThat(collecting).isLessThan(failures);
        assertThat(failures).isLessThan(summary);
        assertThat(out.get(collecting + 1)).isEqualTo("tests/test_bad.py:1: SyntaxError: invalid syntax");
        assertThat(out).contains(
                "______________________ ERROR collecting tests/test_bad.py ______________________",
                "__________________________ tests/test_a.py::test_fail __________________________",
                "tests/test_a.py:9: AssertionError",
                "----------------------------- Captured stdout call -----------------------------",
                "out <here>",
                "err & there",
                Terminal.separator('_', "ERROR at setup of test_err")); // pytest's heading for a fixture's error
        assertThat(out.subList(summary + 1, out.size())).containsExactly(
                "FAILED tests/test_a.py::test_fail - AssertionError: one is not two",
                "FAILED tests/test_a.py::TestC::test_b[2] - assert 2 == 1",
                "ERROR tests/test_bad.py - SyntaxError: invalid syntax",
                "ERROR tests/test_a.py::test_err - RuntimeError: fixture broke",
                Terminal.separator('=', "2 failed, 2 passed, 1 skipped, 1 xfailed, 1 xpassed, 2 errors in 0.14s"));
    }

    @Test
    void quietModePrintsDotsWrappedAt80ColumnsAndABareCountLine() {
        List<TestResult> results = new ArrayList<>();
        for (int i = 0; i < 85; i++) {
            results.add(SampleRun.result("tests/test_many.py::test_" + i, Outcome.PASSED, "", "", "", ""));
        }
        results.add(SampleRun.result("tests/test_many.py::test_s", Outcome.SKIPPED, "why", "", "", ""));
        results.add(SampleRun.result("tests/test_many.py::test_x", Outcome.XFAILED, "", "", "", ""));
        List<String> out = lines(run(false, -1, 0, new RunResult(results, List.of(), Duration.ofMillis(1234), false)));
        assertThat(out).containsExactly(".".repeat(80), ".....sx", "85 passed, 1 skipped, 1 xfailed in 1.23s");
    }

    @Test
    void quietModeLettersForEveryOutcome() {
        List<String> out = lines(run(false, -1, 0, SampleRun.RUN));
        assertThat(out.get(0)).isEqualTo(".FsxXE.F");
        assertThat(out.get(out.size() - 1)).isEqualTo("2 failed, 2 passed, 1 skipped, 1 xfailed, 1 xpassed, 2 errors in 0.14s");
    }

    @Test
    void colorsAreAnsiCodesAndOnlyWhenAsked() {
        String colored = run(true, 0, 0, SampleRun.RUN);
        assertThat(colored).contains("\u001b[32m\u2713\u001b[0m tests/test_a.py::test_ok")
                .contains("\u001b[31m2 failed\u001b[0m");
        bytes.reset();
        assertThat(run(false, 0, 0, SampleRun.RUN)).doesNotContain("\u001b[");
    }

    @Test
    void summaryColorFollowsPytest() {
        assertThat(stats(Outcome.PASSED, Outcome.SKIPPED).mainColor()).isEqualTo(Terminal.Color.GREEN);
        assertThat(stats(Outcome.SKIPPED).mainColor()).isEqualTo(Terminal.Color.YELLOW);
        assertThat(stats(Outcome.PASSED, Outcome.XPASSED).mainColor()).isEqualTo(Terminal.Color.YELLOW);
        assertThat(stats(Outcome.PASSED, Outcome.FAILED).mainColor()).isEqualTo(Terminal.Color.RED);
        assertThat(new SummaryStats(java.util.Map.of(), 0, 0).text("0.01s")).isEqualTo("no tests ran in 0.01s");
        assertThat(new SummaryStats(java.util.Map.of(Outcome.ERROR, 1), 0, 1).text("0.01s"))
                .isEqualTo("1 warning, 1 error in 0.01s");
    }

    private static SummaryStats stats(Outcome... outcomes) {
        java.util.Map<Outcome, Integer> counts = new java.util.EnumMap<>(Outcome.class);
        for (Outcome o : outcomes) {
            counts.merge(o, 1, Integer::sum);
        }
        return new SummaryStats(counts, 0, 0);
    }

    @Test
    void nothingRanSaysSo() {
        ConsoleReporter reporter = new ConsoleReporter(
                new ConsoleOptions(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 0, 0));
        reporter.collectionFinished(new Collection(List.of(), List.of(), 0, 0, Duration.ZERO));
        reporter.runFinished(new RunResult(List.of(), List.of(), Duration.ofMillis(10), false));
        assertThat(lines(bytes.toString(StandardCharsets.UTF_8))).containsExactly(
                "collected 0 items", "", "============================ no tests ran in 0.01s =============================");
    }

    @Test
    void slowestDurationsHideTheFastOnes() {
        List<TestResult> results = List.of(
                timed("tests/t.py::test_slow", 1500), timed("tests/t.py::test_mid", 20), timed("tests/t.py::test_fast", 1));
        String out = run(false, 0, 2, new RunResult(results, List.of(), Duration.ofSeconds(2), false));
        assertThat(lines(out)).containsSubsequence(
                "============================= slowest 2 durations ==============================",
                "1.50s call     tests/t.py::test_slow",
                "0.02s call     tests/t.py::test_mid");
        assertThat(out).doesNotContain("test_fast\n").doesNotContain("short test summary");
        assertThat(lines(out)).contains("\u2713 tests/t.py::test_slow 1.50s");
    }

    @Test
    void warningsPrintAsTheyComeAndCount() {
        ConsoleReporter reporter = new ConsoleReporter(
                new ConsoleOptions(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, -1, 0));
        reporter.testFinished(SampleRun.result("tests/t.py::test_a", Outcome.PASSED, "", "", "", ""));
        reporter.warning("worker 2 restarted");
        reporter.runFinished(new RunResult(List.of(SampleRun.result("tests/t.py::test_a", Outcome.PASSED, "", "", "", "")),
                List.of(), Duration.ofMillis(50), false));
        assertThat(lines(bytes.toString(StandardCharsets.UTF_8)))
                .containsExactly(".", "warning: worker 2 restarted", "1 passed, 1 warning in 0.05s");
    }

    @Test
    void runtimeExpandedTestsGetANote() {
        TestId id = TestId.parse("tests/t.py::test_p[0]");
        TestResult expanded = new TestResult(id, Outcome.PASSED, Duration.ZERO, "", "", "", "", true);
        String out = run(false, -1, 0, new RunResult(List.of(expanded, expanded), List.of(), Duration.ZERO, false));
        assertThat(lines(out)).containsSubsequence("2 tests parametrized at run time (non-literal arguments)", "2 passed in 0.00s");
    }

    @Test
    void verboseModeShowsTheFailureMessageUnderTheTest() {
        List<String> out = lines(run(false, 1, 0, SampleRun.RUN));
        assertThat(out).containsSubsequence("\u2717 tests/test_a.py::test_fail 0ms", "    AssertionError: one is not two");
    }

    private static TestResult timed(String nodeId, long millis) {
        return new TestResult(TestId.parse(nodeId), Outcome.PASSED, Duration.ofMillis(millis), "", "", "", "", false);
    }

    @Test
    void filesThatTookTheFallbackAreNamedWithTheirReason() {
        TestId a = TestId.parse("tests/test_h.py::test_a");
        TestId b = TestId.parse("tests/test_h.py::test_b");
        TestId c = TestId.parse("tests/test_n.py::test_c");
        String why = "tests/conftest.py uses pytest_collection_modifyitems";
        RunResult r = new RunResult(List.of(
                new TestResult(a, Outcome.PASSED, Duration.ZERO, "", "", "", "", false, why),
                new TestResult(b, Outcome.SKIPPED, Duration.ZERO, "hook", "", "", "", false, why),
                new TestResult(c, Outcome.PASSED, Duration.ZERO, "", "", "", "", false)), List.of(),
                Duration.ofMillis(5), false);
        List<String> out = lines(run(false, 0, 0, r));
        assertThat(out).contains(Terminal.separator('=', "fallback: pytest ran 2 tests in 1 file"),
                "fallback tests/test_h.py (2): " + why);
        assertThat(out).noneMatch(l -> l.contains("test_n.py") && l.startsWith("fallback"));
    }
}

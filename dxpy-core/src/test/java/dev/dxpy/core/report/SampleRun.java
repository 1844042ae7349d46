package dev.dxpy.core.report;

import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.TestResult;
import java.time.Duration;
import java.util.List;

/**
 * The events of the small suite in {@code src/test/resources/report/pytest-junit.xml}: what pytest 9
 * reported for it (messages and tracebacks copied from its {@code --junit-xml} output).
 */
final class SampleRun {

    static final CollectionError BAD = new CollectionError("tests/test_bad.py", 1, "SyntaxError: invalid syntax");

    static final List<TestResult> RESULTS = List.of(
            result("tests/test_a.py::test_ok", Outcome.PASSED, "", "", "", ""),
            result("tests/test_a.py::test_fail", Outcome.FAILED, "AssertionError: one is not two\nassert 1 == 2",
                    "def test_fail():\n        print(\"out <here>\")\n        sys.stderr.write(\"err & there\\n\")\n"
                            + ">       assert 1 == 2, \"one is not two\"\nE       AssertionError: one is not two\n"
                            + "E       assert 1 == 2\n\ntests/test_a.py:9: AssertionError",
                    "out <here>\n", "err & there\n"),
            result("tests/test_a.py::test_skip", Outcome.SKIPPED, "not now", "/tmp/jx/tests/test_a.py:11: not now", "", ""),
            result("tests/test_a.py::test_xfail", Outcome.XFAILED, "known bug", "", "", ""),
            result("tests/test_a.py::test_xpass", Outcome.XPASSED, "", "", "", ""),
            // a fixture's error at setup: the worker's message is the exception, the phase says where (pytest's
            // JUnit XML writes 'failed on setup with "..."', its ERRORS block 'ERROR at setup of test_err')
            new TestResult(TestId.parse("tests/test_a.py::test_err"), Outcome.ERROR, Duration.ZERO,
                    "RuntimeError: fixture broke",
                    "@pytest.fixture\n    def broken():\n>       raise RuntimeError(\"fixture broke\")\n"
                            + "E       RuntimeError: fixture broke\n\ntests/test_a.py:25: RuntimeError", "", "", false, "",
                    "setup"),
            result("tests/test_a.py::TestC::test_b[1]", Outcome.PASSED, "", "", "", ""),
            result("tests/test_a.py::TestC::test_b[2]", Outcome.FAILED, "assert 2 == 1",
                    "self = <tests.test_a.TestC object at 0x7fb842980c50>, x = 2\n\n"
                            + "    @pytest.mark.parametrize(\"x\", [1, 2])\n    def test_b(self, x):\n"
                            + ">       assert x == 1\nE       assert 2 == 1\n\ntests/test_a.py:33: AssertionError", "", ""));

    static final RunResult RUN = new RunResult(RESULTS, List.of(BAD), Duration.ofMillis(137), false);

    private SampleRun() {
    }

    static TestResult result(String nodeId, Outcome outcome, String message, String longRepr, String out, String err) {
        return new TestResult(TestId.parse(nodeId), outcome, Duration.ZERO, message, longRepr, out, err, false);
    }

    static Collection collection(RunResult run) {
        List<CollectedTest> tests = run.results().stream().map(r -> new CollectedTest(r.id(), 1, false)).toList();
        return new Collection(tests, run.errors(), 2, 0, Duration.ofMillis(3));
    }

    /** Feeds the whole run to {@code listener}, as the engine would. */
    static void replay(RunListener listener, RunResult run) {
        listener.collectionFinished(collection(run));
        for (TestResult r : run.results()) {
            listener.testStarted(r.id());
            listener.testFinished(r);
        }
        listener.runFinished(run);
    }
}

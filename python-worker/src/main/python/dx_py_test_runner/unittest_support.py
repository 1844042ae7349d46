"""Running one unittest.TestCase method through unittest's own machinery, with a result object that
maps unittest's events to pytest outcomes (skip, xfail for expectedFailure, subtest failures)."""
from . import report


class _Result:
    failfast = False
    shouldStop = False
    buffer = False
    tb_locals = False

    def __init__(self):
        self.errors = []
        self.skipped = None
        self.expected_failure = None
        self.unexpected_success = False
        self.subtest_failures = []

    def startTest(self, test):
        pass

    def stopTest(self, test):
        pass

    def startTestRun(self):
        pass

    def stopTestRun(self):
        pass

    def addSuccess(self, test):
        pass

    def addDuration(self, test, elapsed):
        pass

    def addError(self, test, err):
        self.errors.append((None, err))

    def addFailure(self, test, err):
        self.errors.append((None, err))

    def addSkip(self, test, reason):
        self.skipped = reason

    def addExpectedFailure(self, test, err):
        self.expected_failure = err

    def addUnexpectedSuccess(self, test):
        self.unexpected_success = True

    def addSubTest(self, test, subtest, err):
        if err is not None:
            if issubclass(err[0], test.failureException) or True:
                self.subtest_failures.append((subtest, err))

    def wasSuccessful(self):
        return not self.errors and not self.subtest_failures


def _subtest_label(subtest):
    try:
        desc = subtest._subDescription()
    except Exception:
        desc = ""
    return f"[subtest] {desc}".rstrip()


def run_testcase(testcase, item):
    """Run the test method; return (outcome, message, longrepr)."""
    rootdir = str(item.session_config.rootpath)
    result = _Result()
    testcase(result=result)
    if result.errors or result.subtest_failures:
        parts = []
        first = None
        for subtest, (etype, exc, tb) in result.subtest_failures:
            from .outcomes import classify
            kind, msg, _ = classify(exc)
            if kind == "skip":
                continue
            first = first or exc
            parts.append(f"{_subtest_label(subtest)}\n" + report.format_exception(exc, tb, rootdir))
        for _, (etype, exc, tb) in result.errors:
            from .outcomes import classify
            kind, msg, pytrace = classify(exc)
            if kind == "skip":
                return "skipped", msg, ""
            first = first or exc
            parts.append(report.format_exception(exc, tb, rootdir, pytrace))
        if first is not None:
            return "failed", report.exconly(first), "\n\n".join(parts)
    if result.skipped is not None:
        return "skipped", result.skipped, ""
    if result.expected_failure is not None:
        return "xfailed", "", ""
    if result.unexpected_success:
        return "failed", "Unexpected success", "Unexpected success"
    return "passed", "", ""

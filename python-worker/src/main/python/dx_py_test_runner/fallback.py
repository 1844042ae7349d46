"""Fallback: runs a module the native engine does not support through the suite's installed pytest, in this
worker process, and reports each test's outcome as the native engine would, with the reason attached.

The native engine never guesses: a conftest hook it does not implement, ``pytest_plugins``, a fixture
that no conftest, module or dxpy builtin defines (a plugin's), or doctests all send the file here."""
import io
import os
import sys
import time

# hooks the native engine implements (or that change nothing about how a test runs)
NATIVE_HOOKS = frozenset({"pytest_generate_tests", "pytest_configure"})
DOCTESTS = "<doctests>"


def unsupported_hooks(namespace):
    """Names in a conftest or test module namespace that need pytest's own machinery, sorted."""
    names = sorted(n for n, v in namespace.items()
                   if n.startswith("pytest_") and n not in NATIVE_HOOKS and callable(v))
    if "pytest_plugins" in namespace:
        names.insert(0, "pytest_plugins")
    return names


class StrictConfig:
    """What a conftest's pytest_configure may touch natively; anything else means fallback."""

    _ALLOWED = frozenset({"getoption", "getini", "addinivalue_line", "rootpath", "rootdir", "option",
                          "getvalue", "inipath", "invocation_params", "stash", "get_verbosity"})

    def __init__(self, config):
        object.__setattr__(self, "_config", config)

    def __getattr__(self, name):
        if name not in StrictConfig._ALLOWED:
            raise Unsupported(f"pytest_configure uses config.{name}")
        return getattr(self._config, name)

    def __setattr__(self, name, value):
        raise Unsupported(f"pytest_configure sets config.{name}")


class Unsupported(Exception):
    """Raised while loading natively when only pytest can run the module; the message is the reason."""


class _Reporter:
    """pytest plugin: turns pytest's per-phase reports into one dxpy result per test."""

    def __init__(self, reason, wanted_exact, wanted_bases, doctests_only, on_start, on_result):
        self.reason = reason
        self.wanted_exact = wanted_exact
        self.wanted_bases = wanted_bases
        self.doctests_only = doctests_only
        self.on_start = on_start
        self.on_result = on_result
        self.current = {}
        self.seen = set()
        self.collect_errors = []
        self.collected = []

    def pytest_collection_modifyitems(self, session, config, items):
        keep = []
        for item in items:
            is_doctest = type(item).__name__.startswith("Doctest")
            if self.doctests_only != is_doctest:
                continue
            if self.doctests_only or item.nodeid in self.wanted_exact or \
                    item.nodeid.split("[", 1)[0] in self.wanted_bases:
                keep.append(item)
        items[:] = keep
        self.collected = [item.nodeid for item in keep]

    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors.append(report)

    def pytest_runtest_logstart(self, nodeid, location):
        self.on_start(nodeid)
        self.current[nodeid] = {"node_id": nodeid, "outcome": "passed", "duration_ns": 0, "message": "",
                                "longrepr": "", "stdout": "", "stderr": "", "log": "",
                                "runtime_expanded": nodeid not in self.wanted_exact,
                                "fallback_reason": self.reason, "_t0": time.perf_counter_ns()}

    def pytest_runtest_logreport(self, report):
        r = self.current.get(report.nodeid)
        if r is None:
            return
        if getattr(report, "context", None) is not None:  # a subtest report: a failing one fails the test
            if report.failed and r["outcome"] == "passed":
                r["outcome"], r["message"], r["longrepr"] = "failed", _message(report), report.longreprtext
            return
        wasxfail = hasattr(report, "wasxfail")
        if report.when == "setup":
            if report.failed:
                r["outcome"], r["message"], r["longrepr"] = "error", _message(report), report.longreprtext
                r["phase"] = "setup"
            elif report.skipped:
                r["outcome"] = "xfailed" if wasxfail else "skipped"
                r["message"] = report.wasxfail if wasxfail else _skip_reason(report)
        elif report.when == "call":
            if wasxfail:
                r["outcome"] = "xfailed" if report.skipped else "xpassed"
                r["message"] = report.wasxfail
            elif report.failed:
                r["outcome"], r["message"], r["longrepr"] = "failed", _message(report), report.longreprtext
            elif report.skipped:
                r["outcome"], r["message"] = "skipped", _skip_reason(report)
        elif report.when == "teardown" and report.failed:
            if r["outcome"] in ("failed", "error"):
                r["longrepr"] += "\n\n" + report.longreprtext
            else:
                r["outcome"], r["message"], r["longrepr"] = "error", _message(report), report.longreprtext
                r["phase"] = "teardown"
        if report.failed:
            r["stdout"], r["stderr"], r["log"] = report.capstdout, report.capstderr, report.caplog

    def pytest_runtest_logfinish(self, nodeid, location):
        r = self.current.pop(nodeid, None)
        if r is None:
            return
        r["duration_ns"] = time.perf_counter_ns() - r.pop("_t0")
        self.seen.add(nodeid)
        self.on_result(r)


def _message(report):
    errorstring = getattr(getattr(report, "longrepr", None), "errorstring", None)  # FixtureLookupErrorRepr
    if errorstring:
        return errorstring.strip().split("\n", 1)[0]
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    if crash is not None and crash.message:
        return crash.message.split("\n", 1)[0]
    text = report.longreprtext.strip().splitlines()
    return text[-1] if text else ""


def _skip_reason(report):
    lr = report.longrepr
    if isinstance(lr, tuple) and len(lr) == 3:
        reason = lr[2]
        return reason[len("Skipped: "):] if reason.startswith("Skipped: ") else reason
    return str(lr)


def collect(rootdir, relpath, tests, reason):
    """(node ids, file status): the tests pytest collects for these (node id, expand) pairs of one file."""
    return _main(rootdir, relpath, tests, reason, None, None, ["--collect-only"])


def run(rootdir, relpath, tests, reason, on_start, on_result):
    """Runs the requested (node id, expand) pairs of one file through pytest.main; returns the file status."""
    return _main(rootdir, relpath, tests, reason, on_start, on_result, [])[1]


def _main(rootdir, relpath, tests, reason, on_start, on_result, extra):
    import pytest

    doctests_only = all(n.endswith("::" + DOCTESTS) for n, _ in tests)
    wanted_exact = {n for n, expand in tests if not expand}
    wanted_bases = {n.split("[", 1)[0] for n, expand in tests if expand}
    plugin = _Reporter(reason, wanted_exact, wanted_bases, doctests_only, on_start, on_result)
    target = os.path.join(rootdir, relpath)
    args = [target, "-p", "no:cacheprovider", "-q", "--rootdir", rootdir] + extra
    if doctests_only and relpath.endswith(".py"):
        args.append("--doctest-modules")
    saved_out, saved_argv = sys.stdout, sys.argv
    sys.stdout = io.StringIO()  # pytest's terminal output: read only when the file cannot be collected
    try:
        code = pytest.main(args, plugins=[plugin])
    finally:
        terminal = sys.stdout.getvalue()
        sys.stdout, sys.argv = saved_out, saved_argv
    status = {"file": relpath, "error": "", "error_line": 0, "longrepr": ""}
    if plugin.collect_errors:
        rep = plugin.collect_errors[0]
        status.update(error="CollectError: " + _message(rep), longrepr=rep.longreprtext)
        return [], status
    if int(code) in (3, 4):  # internal error, usage error: nothing ran
        status.update(error=f"pytest exited with code {int(code)} running {relpath} (fallback: {reason})",
                      longrepr=terminal[-4000:])
        return [], status
    if on_result is None:
        return plugin.collected, status
    for node_id, expand in tests:
        if expand or node_id.endswith("::" + DOCTESTS) or node_id in plugin.seen:
            continue
        on_start(node_id)
        on_result({"node_id": node_id, "outcome": "error", "duration_ns": 0,
                   "message": f"{node_id}: pytest did not run this test (fallback: {reason})",
                   "longrepr": terminal[-4000:], "stdout": "", "stderr": "", "log": "",
                   "runtime_expanded": False, "fallback_reason": reason})
    return plugin.collected, status

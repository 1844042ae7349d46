"""pytest plugin used by the compatibility tests: writes every test's final outcome, in run order, as JSON."""
import json
import os

_results = {}
_order = []
_errors = []
_subfailed = set()


def _merge(nodeid, rep):
    wasxfail = hasattr(rep, "wasxfail")
    cur = _results.get(nodeid)
    if rep.when == "setup":
        if rep.failed:
            _results[nodeid] = "error"
        elif rep.skipped:
            _results[nodeid] = "xfailed" if wasxfail else "skipped"
    elif rep.when == "call":
        if wasxfail:
            _results[nodeid] = "xfailed" if rep.skipped else "xpassed"
        else:
            _results[nodeid] = rep.outcome
    elif rep.when == "teardown":
        if rep.failed and cur in (None, "passed", "skipped", "xfailed", "xpassed"):
            _results[nodeid] = "error"


def pytest_runtest_logreport(report):
    if report.nodeid not in _results and report.nodeid not in _order:
        _order.append(report.nodeid)
    if getattr(report, "context", None) is not None:  # pytest 9 subtest reports: a failing one fails the test
        if report.failed:
            _subfailed.add(report.nodeid)
        return
    _merge(report.nodeid, report)


def pytest_collectreport(report):
    if report.failed:
        _errors.append(report.nodeid)


def pytest_sessionfinish(session):
    for nodeid in _subfailed:
        if _results.get(nodeid) == "passed":
            _results[nodeid] = "failed"
    out = os.environ.get("DXPY_OUTCOMES")
    if out:
        with open(out, "w") as f:
            json.dump({"order": _order, "outcomes": _results, "collect_errors": _errors}, f)

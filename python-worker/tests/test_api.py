"""dx.discover / dx.run: report parsing always; the site example against the real engine when the jar is built."""
import os
import re
import subprocess
import sys

import pytest

from support import WORKER_DIR

sys.path.insert(0, WORKER_DIR)
from dx_py_test_runner import api  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REPORT = '''<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="dx-py" tests="4">
<testcase classname="tests.test_a" name="test_ok" time="0.010"/>
<testcase classname="tests.test_a.TestK" name="test_p[1-x]" time="0.200"><failure message="assert 1 == 2">..</failure></testcase>
<testcase classname="tests.test_b" name="test_skip" time="0"><skipped type="pytest.skip" message="later"/></testcase>
<testcase classname="tests.test_b" name="test_xf" time="0"><skipped type="pytest.xfail" message="bug"/></testcase>
</testsuite></testsuites>
'''


def test_junit_report_maps_back_to_node_ids(tmp_path):
    path = tmp_path / "r.xml"
    path.write_text(REPORT)
    ids = ["tests/test_a.py::test_ok", "tests/test_a.py::TestK::test_p[1-x]", "tests/test_b.py::test_skip",
           "tests/test_b.py::test_xf"]
    tests = api.parse_junit_xml(str(path), ids)
    assert [(t.node_id, t.outcome) for t in tests] == list(zip(ids, ["passed", "failed", "skipped", "xfailed"]))
    result = api.RunResult(tests, 1, "")
    assert result.durations["tests/test_a.py::TestK::test_p[1-x]"] == 0.2
    assert result.count("failed") == 1 and not result.ok


def test_missing_jar_says_where_it_looked(monkeypatch, tmp_path):
    monkeypatch.setenv("DXPY_JAR", str(tmp_path / "nope.jar"))
    monkeypatch.setattr(api.os.path, "isfile", lambda p: False)
    with pytest.raises(api.EngineNotFoundError, match="DXPY_HOME"):
        api.find_jar()


def test_site_example_runs_against_the_engine(tmp_path):
    try:
        jar = api.find_jar()
    except api.EngineNotFoundError:
        pytest.skip("dx-py.jar not built yet (python-worker is built before dxpy-cli); run after `mvn package`")
    doc = open(os.path.join(REPO, "site", "python-api.md")).read()
    code = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
    env = dict(os.environ, PYTHONPATH=WORKER_DIR, DXPY_JAR=jar)
    env.pop("CI", None)
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "RunResult(exit_code=1" in proc.stdout

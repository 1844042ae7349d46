"""Hooks, warnings, dx API without pytest, and failure text compared with pytest's."""
import re
import subprocess
import sys

from support import compare, run_dx, write

GENERATE = '''
import warnings
import pytest

def pytest_generate_tests(metafunc):
    if "g" in metafunc.fixturenames:
        metafunc.parametrize("g", [10, 20], ids=["ga", "gb"])

@pytest.fixture(params=["fa", "fb"])
def f(request):
    return request.param

@pytest.mark.parametrize("m", [1, 2])
def test_order(m, g, f):
    pass

class TestK:
    def pytest_generate_tests(self, metafunc):
        metafunc.parametrize("k", [5])

    def test_k(self, k, g):
        pass

@pytest.mark.filterwarnings("error::UserWarning")
def test_warning_as_error():
    warnings.warn("now an error", UserWarning)

def test_warning_not_error():
    warnings.warn("just a warning", UserWarning)

def test_deprecated_call():
    with pytest.deprecated_call():
        warnings.warn("old", DeprecationWarning)
'''


def test_generate_tests_and_warnings_match_pytest(tmp_path):
    compare(tmp_path, {"test_generate_sample.py": GENERATE})


FAILURES = '''
import pytest

def helper(x):
    y = x * 2
    raise ValueError(f"bad {y}")

def test_nested():
    a = 1
    helper(a)

@pytest.fixture
def broken():
    raise KeyError("nope")

def test_setup(broken):
    pass

def test_chained():
    try:
        {}["k"]
    except KeyError as e:
        raise RuntimeError("wrapped") from e

def test_long_strings():
    assert "a" * 60 + "b" == "a" * 60 + "c"

def test_sets():
    assert {1, 2, 3} == {2, 3, 4}

def test_with_message(tmp_path):
    assert len([1]) == 2, "lengths differ"
'''


def _pytest_blocks(root):
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_fail_sample.py"],
                          cwd=str(root), capture_output=True, text=True)
    blocks = {}
    current = None
    for line in proc.stdout.splitlines():
        m = re.match(r"^_{3,} (?:ERROR at setup of )?(\S+) _{3,}$", line)
        if m:
            current = m.group(1)
            blocks[current] = []
            continue
        if line.startswith("=") and current:
            current = None
            continue
        if current:
            blocks[current].append(line)
    return {k: "\n".join(v).strip("\n") for k, v in blocks.items()}


def test_failure_text_matches_pytest(tmp_path):
    write(tmp_path, {"test_fail_sample.py": FAILURES})
    names = ["test_nested", "test_setup", "test_chained", "test_long_strings", "test_sets", "test_with_message"]
    results, _, _ = run_dx(tmp_path, [("test_fail_sample.py", [(f"test_fail_sample.py::{n}", False) for n in names])])
    expected = _pytest_blocks(tmp_path)
    hex_addr = re.compile(r"0x[0-9a-f]+")
    tmp = re.compile(r"tmp_path = PosixPath\('[^']*'\)")
    for r in results:
        name = r["node_id"].split("::")[1]
        got = tmp.sub("tmp_path", hex_addr.sub("0x", r["longrepr"]))
        want = tmp.sub("tmp_path", hex_addr.sub("0x", expected[name]))
        assert got == want, f"{name}:\n--- dx\n{got}\n--- pytest\n{want}"
    messages = {r["node_id"].split("::")[1]: r["message"] for r in results}
    assert messages["test_sets"].split("\n")[0] == "assert {1, 2, 3} == {2, 3, 4}"  # no AssertionError prefix
    assert messages["test_with_message"].startswith("AssertionError: lengths differ\nassert 1 == 2")


MESSAGES = '''
import importlib.metadata
import unittest
import pytest

def test_assert():
    assert 847 == 848

def test_assert_quote():
    assert "it's" == "its"

def test_assert_with_message():
    assert 1 == 2, "custom\\nsecond line"

def test_qualified_name():
    raise importlib.metadata.PackageNotFoundError("toolz")

class LocalError(Exception):
    pass

def test_local_class():
    raise LocalError("local")

def test_multi_line():
    raise ValueError("line one\\nline two  ")

def test_fail():
    pytest.fail("boom")

def test_direct_assertion_error():
    raise AssertionError("direct")

def test_no_argument():
    raise KeyError

class TestCaseStyle(unittest.TestCase):
    def test_equal(self):
        self.assertEqual(75, 76)
'''


def test_failure_messages_are_pytests_junit_messages(tmp_path):
    """The message of a failed test is pytest's reprcrash message (exconly): what its JUnit XML writes as the
    failure's message and the FAILED line shows: no AssertionError prefix before a rewritten assert, the module
    of a non-builtin exception, every line."""
    import xml.etree.ElementTree as ET
    write(tmp_path, {"test_msg_sample.py": MESSAGES})
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junit-xml", "p.xml",
                    "test_msg_sample.py"], cwd=str(tmp_path), capture_output=True, text=True)
    want = {}
    for tc in ET.parse(str(tmp_path / "p.xml")).getroot().iter("testcase"):
        failure = tc.find("failure")
        assert failure is not None, tc.get("name")
        want[tc.get("name")] = failure.get("message")
    assert len(want) == 10
    ids = ["test_msg_sample.py::" + n for n in want if n != "test_equal"] + ["test_msg_sample.py::TestCaseStyle::test_equal"]
    results, _, _ = run_dx(tmp_path, [("test_msg_sample.py", [(i, False) for i in ids])])
    got = {r["node_id"].rsplit("::", 1)[1]: r["message"] for r in results}
    assert {r["outcome"] for r in results} == {"failed"}
    assert got == want


def test_dx_api_without_pytest(tmp_path):
    write(tmp_path, {"test_dx_sample.py": '''
import sys
from dx_py_test_runner import dx

@dx.fixture
def base():
    return 40

@dx.fixture(params=[1, 2])
def plus(request, base):
    return base + request.param

def test_plus(plus):
    assert plus in (41, 42)

@dx.mark.parametrize("v", [dx.param(1, id="one"), 2])
def test_param(v):
    assert "pytest" not in sys.modules

@dx.mark.skip(reason="dx skip")
def test_skipped():
    pass

def test_fail():
    dx.fail("dx fail")
'''})
    results, _, _ = run_dx(tmp_path, [("test_dx_sample.py", [("test_dx_sample.py::test_plus", True),
                                                              ("test_dx_sample.py::test_param", True),
                                                              ("test_dx_sample.py::test_skipped", False),
                                                              ("test_dx_sample.py::test_fail", False)])])
    assert [(r["node_id"].split("::")[1], r["outcome"]) for r in results] == [
        ("test_plus[1]", "passed"), ("test_plus[2]", "passed"), ("test_param[one]", "passed"),
        ("test_param[2]", "passed"), ("test_skipped", "skipped"), ("test_fail", "failed")]
    assert results[-1]["message"] == "Failed: dx fail"


def test_a_file_run_again_in_the_same_session_is_not_imported_again(tmp_path):
    """Its items are dropped once it has run to its end; a second request collects the same module again."""
    write(tmp_path, {"test_again.py": """
        import builtins
        builtins.dxpy_again_imports = getattr(builtins, "dxpy_again_imports", 0) + 1

        class TestK:
            def test_in_class(self):
                assert builtins.dxpy_again_imports == 1

        def test_imported_once():
            assert builtins.dxpy_again_imports == 1
    """})
    ids = [("test_again.py::TestK::test_in_class", False), ("test_again.py::test_imported_once", False)]
    results, status, _ = run_dx(tmp_path, [("test_again.py", ids), ("test_again.py", ids[::-1])])
    assert [(r["node_id"], r["outcome"]) for r in results] == [
        ("test_again.py::TestK::test_in_class", "passed"), ("test_again.py::test_imported_once", "passed"),
        ("test_again.py::test_imported_once", "passed"), ("test_again.py::TestK::test_in_class", "passed")]


PHASES_SAMPLE = '''
import pytest

@pytest.fixture
def bad_setup():
    raise ValueError("setup boom")

@pytest.fixture
def bad_teardown():
    yield 1
    raise KeyError("teardown boom")

def test_setup_error(bad_setup):
    pass

def test_teardown_error(bad_teardown):
    pass

def test_plain_failure():
    assert 1 == 2
'''


def test_a_fixtures_error_says_its_phase_as_pytests_junit_message_does(tmp_path):
    """pytest's JUnit XML writes an error a fixture raised as 'failed on setup with "<message>"' (or teardown): the
    worker's result carries that phase (the engine's reporters write the same), a test's own failure 'call'."""
    import re
    import xml.etree.ElementTree as ET
    write(tmp_path, {"test_phase_sample.py": PHASES_SAMPLE})
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junit-xml", "p.xml",
                    "test_phase_sample.py"], cwd=str(tmp_path), capture_output=True, text=True)
    want = {}
    for tc in ET.parse(str(tmp_path / "p.xml")).getroot().iter("testcase"):
        error, failure = tc.find("error"), tc.find("failure")
        if error is not None:
            phase, message = re.fullmatch(r'failed on (setup|teardown) with "(.*)"', error.get("message"), re.S).groups()
            want[tc.get("name")] = ("error", phase, message)
        else:
            want[tc.get("name")] = ("failed", "call", failure.get("message"))
    assert sorted(want) == ["test_plain_failure", "test_setup_error", "test_teardown_error"]
    results, _, _ = run_dx(tmp_path, [("test_phase_sample.py", [("test_phase_sample.py::" + n, False) for n in want])])
    got = {r["node_id"].rsplit("::", 1)[1]: (r["outcome"], r["phase"], r["message"]) for r in results}
    assert got == want

"""Session against real pytest on small sample files: same node ids, same order, same outcomes."""
from support import compare, run_dx, write

IDS = '''
import enum, re
import pytest

class Color(enum.Enum):
    RED = 1

class Obj:
    pass

def helper():
    pass

@pytest.mark.parametrize("v", [1, 2.5, -3, "a b", "caf\\u00e9", "x\\ny", b"by", True, None, Color.RED,
                               Obj, helper, Obj(), [1], (2, 3), {"k": 1}, re.compile("a+"), 1j, ""])
def test_values(v):
    pass

@pytest.mark.parametrize("a,b", [(1, 1), (1, 1), ("x", "x"), ("x", "x"), (1, 11)])
def test_duplicates(a, b):
    pass

@pytest.mark.parametrize("v", ["a", "a", "a0", "b1", "b1"])
def test_duplicate_suffix(v):
    pass

@pytest.mark.parametrize("x", [1, 2])
@pytest.mark.parametrize("y", ["p", "q"])
def test_stacked(x, y):
    pass

@pytest.mark.parametrize("v", [1, 2, 3], ids=["one", None, "three"])
def test_ids_list(v):
    pass

@pytest.mark.parametrize("v", [1, 2], ids=lambda v: f"n{v}" if v == 1 else None)
def test_ids_callable(v):
    pass

@pytest.mark.parametrize("v", [pytest.param(1, id="first"), pytest.param(2, marks=pytest.mark.skip(reason="no")),
                               pytest.param(3, marks=pytest.mark.xfail)])
def test_param_objects(v):
    assert v != 3

@pytest.mark.parametrize("v", [])
def test_empty(v):
    pass

@pytest.mark.parametrize("a, b", [(1, 2)])
class TestClassLevel:
    @pytest.mark.parametrize("c", [3, 4])
    def test_m(self, a, b, c):
        pass

    def test_n(self, a, b):
        pass
'''


def test_parametrize_ids_match_pytest(tmp_path):
    compare(tmp_path, {"test_ids_sample.py": IDS})


FIXPARAMS = '''
import pytest

@pytest.fixture(params=[1, 2], ids=["one", "two"])
def named(request):
    return request.param

@pytest.fixture(params=[object(), "s"])
def unnamed(request):
    return request.param

@pytest.fixture(params=[10, 20], scope="module")
def modparam(request):
    return request.param

@pytest.fixture
def ind(request):
    return request.param * 100

def test_named(named):
    assert named in (1, 2)

def test_two(named, unnamed):
    pass

@pytest.mark.parametrize("x", [7, 8])
def test_mixed(x, named):
    pass

@pytest.mark.parametrize("named", [5])
def test_direct_overrides_fixture(named):
    assert named == 5

@pytest.mark.parametrize("ind", [1, 2], indirect=True)
def test_indirect(ind):
    assert ind in (100, 200)

def test_mod(modparam):
    assert modparam in (10, 20)
'''


def test_fixture_params_match_pytest(tmp_path):
    compare(tmp_path, {"test_fixparams_sample.py": FIXPARAMS})


FIXTURES = {
    "conftest.py": '''
import pytest
EVENTS = []

@pytest.fixture(scope="session")
def sess():
    EVENTS.append("sess")
    yield "S"
    EVENTS.append("sess-end")

@pytest.fixture
def value():
    return "root"

@pytest.fixture(autouse=True)
def auto(request):
    request.node.auto_seen = True
''',
    "sub/__init__.py": "",
    "sub/conftest.py": '''
import pytest

@pytest.fixture
def value(value):
    return value + "+sub"
''',
    "sub/test_fixtures_sample.py": '''
import pytest
from conftest import EVENTS

ORDER = []

@pytest.fixture(scope="module")
def mod():
    ORDER.append("mod")
    yield "M"
    ORDER.append("mod-end")

@pytest.fixture
def yielding():
    ORDER.append("setup")
    yield 1
    ORDER.append("teardown")

@pytest.fixture
def broken_teardown():
    yield
    raise RuntimeError("teardown boom")

@pytest.fixture
def broken_setup():
    raise ValueError("setup boom")

@pytest.fixture
def uses_request(request):
    request.addfinalizer(lambda: ORDER.append("fin"))
    return request.getfixturevalue("value")

def test_override(value):
    assert value == "root+sub"

def test_chain(sess, mod, yielding):
    assert (sess, mod, yielding) == ("S", "M", 1)

def test_teardown_ran():
    assert ORDER[-1] == "teardown"

def test_request(uses_request, request):
    assert uses_request == "root+sub"
    assert request.node.name == "test_request"
    assert request.node.auto_seen

def test_fin_ran():
    assert "fin" in ORDER

def test_teardown_error(broken_teardown):
    pass

def test_setup_error(broken_setup):
    pass

def test_missing(no_such_fixture):
    pass

def test_failing_with_yield(yielding):
    assert 0

@pytest.mark.usefixtures("yielding")
def test_usefixtures():
    assert ORDER[-1] == "setup"

class TestOverrideInClass:
    @pytest.fixture
    def value(self):
        return "class"

    @pytest.fixture(autouse=True)
    def inject(self):
        self.injected = 42

    def test_it(self, value):
        assert value == "class"
        assert self.injected == 42

def test_after_class(value):
    assert value == "root+sub"
''',
}


def test_fixtures_match_pytest(tmp_path):
    res = compare(tmp_path, FIXTURES)
    setup_err = res["sub/test_fixtures_sample.py::test_setup_error"]
    assert setup_err["message"] == "ValueError: setup boom"
    assert "raise ValueError(\"setup boom\")" in setup_err["longrepr"]
    assert "fixture 'no_such_fixture' not found" in res["sub/test_fixtures_sample.py::test_missing"]["message"]


MARKS = '''
import sys
import pytest

pytestmark = pytest.mark.filterwarnings("ignore")

@pytest.mark.skip
def test_skip_plain():
    pass

@pytest.mark.skip(reason="why")
def test_skip_reason():
    pass

@pytest.mark.skipif("sys.version_info > (3, 0)")
def test_skipif_string():
    pass

@pytest.mark.skipif(False, reason="no")
def test_skipif_false():
    pass

@pytest.mark.xfail(reason="bad")
def test_xfail():
    assert 0

@pytest.mark.xfail
def test_xpass():
    pass

@pytest.mark.xfail(strict=True)
def test_xpass_strict():
    pass

@pytest.mark.xfail(raises=KeyError)
def test_xfail_wrong_exception():
    raise ValueError()

@pytest.mark.xfail(raises=KeyError)
def test_xfail_right_exception():
    raise KeyError()

@pytest.mark.xfail(run=False)
def test_xfail_not_run():
    raise SystemExit()

@pytest.mark.xfail("sys.platform == 'nope'", reason="cond")
def test_xfail_condition_false():
    pass

def test_runtime_skip():
    pytest.skip("later")

def test_runtime_xfail():
    pytest.xfail("known")

def test_runtime_fail():
    pytest.fail("explicit", pytrace=False)

def test_importorskip():
    pytest.importorskip("no_such_module_dxpy")

def test_error():
    raise ValueError("boom")

async def test_async_unmarked():
    pass

@pytest.mark.skip(reason="class")
class TestSkipped:
    def test_a(self):
        pass

class TestWithInit:
    def __init__(self):
        pass

    def test_not_collected(self):
        pass

class TestPlain:
    def test_ok(self):
        pass

    class TestNested:
        def test_deep(self):
            pass
'''


def test_marks_match_pytest(tmp_path):
    res = compare(tmp_path, {"test_marks_sample.py": MARKS})
    assert res["test_marks_sample.py::test_skip_plain"]["message"] == "unconditional skip"
    assert res["test_marks_sample.py::test_skip_reason"]["message"] == "why"
    assert res["test_marks_sample.py::test_skipif_string"]["message"] == "condition: sys.version_info > (3, 0)"
    assert res["test_marks_sample.py::test_runtime_skip"]["message"] == "later"
    assert res["test_marks_sample.py::test_runtime_fail"]["longrepr"] == "explicit"
    assert res["test_marks_sample.py::test_error"]["message"] == "ValueError: boom"


MODULE_SKIP = '''
import pytest
pytest.skip("whole module", allow_module_level=True)

def test_a():
    pass
'''


def test_module_level_skip(tmp_path):
    write(tmp_path, {"test_modskip.py": MODULE_SKIP})
    results, status, _ = run_dx(tmp_path, [("test_modskip.py", [("test_modskip.py::test_a", False)])])
    assert status[0]["error"] == ""
    assert [(r["outcome"], r["message"]) for r in results] == [("skipped", "whole module")]


def test_import_error_reports_every_test(tmp_path):
    write(tmp_path, {"test_broken.py": "import os\nimport no_such_module_dxpy\n\ndef test_a():\n    pass\n",
                     "test_syntax.py": "def test_a(:\n    pass\n"})
    results, status, _ = run_dx(tmp_path, [
        ("test_broken.py", [("test_broken.py::test_a", False), ("test_broken.py::test_b", False)]),
        ("test_syntax.py", [("test_syntax.py::test_a", False)])])
    assert status[0]["error"] == "ImportError: No module named 'no_such_module_dxpy'"
    assert status[0]["error_line"] == 2
    assert "ImportError while importing test module" in status[0]["longrepr"]
    assert status[1]["error"].startswith("SyntaxError")
    assert status[1]["error_line"] == 1
    assert [r["outcome"] for r in results] == ["error", "error", "error"]


def test_unknown_id_and_runtime_expansion(tmp_path):
    write(tmp_path, {"test_expand.py": '''
import pytest

def cases():
    return [1, 2]

@pytest.mark.parametrize("v", cases())
def test_dyn(v):
    assert v

class TestC:
    @pytest.mark.parametrize("w", ["a", "b"])
    def test_m(self, w):
        pass
'''})
    results, _, _ = run_dx(tmp_path, [("test_expand.py", [
        ("test_expand.py::test_dyn", True), ("test_expand.py::TestC::test_m", True),
        ("test_expand.py::test_nope", False)])])
    assert [(r["node_id"], r["outcome"], r["runtime_expanded"]) for r in results] == [
        ("test_expand.py::test_dyn[1]", "passed", True),
        ("test_expand.py::test_dyn[2]", "passed", True),
        ("test_expand.py::TestC::test_m[a]", "passed", True),
        ("test_expand.py::TestC::test_m[b]", "passed", True),
        ("test_expand.py::test_nope", "error", False)]
    assert "not found in module" in results[-1]["message"]


UNITTEST = '''
import unittest

EVENTS = []

def setUpModule():
    EVENTS.append("module")

class TestCaseOne(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        EVENTS.append("class")

    def setUp(self):
        self.x = 1
        self.addCleanup(EVENTS.append, "cleanup")

    def test_pass(self):
        self.assertEqual(self.x, 1)
        self.assertEqual(EVENTS[:2], ["module", "class"])

    def test_fail(self):
        self.assertEqual(self.x, 2)

    def test_error(self):
        raise KeyError("k")

    @unittest.skip("skipped here")
    def test_skip(self):
        pass

    @unittest.expectedFailure
    def test_expected_failure(self):
        self.assertEqual(1, 2)

    @unittest.expectedFailure
    def test_unexpected_success(self):
        pass

    def test_subtests(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 1)

    def test_skiptest(self):
        self.skipTest("inline")

@unittest.skip("whole class")
class Skipped(unittest.TestCase):
    def test_a(self):
        pass

class SetUpClassFails(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raise RuntimeError("no class")

    def test_a(self):
        pass
'''


def test_unittest_match_pytest(tmp_path):
    res = compare(tmp_path, {"test_unittest_sample.py": UNITTEST})
    sub = res["test_unittest_sample.py::TestCaseOne::test_subtests"]
    assert sub["outcome"] == "failed"
    assert "(i=1)" in sub["longrepr"] and "(i=2)" in sub["longrepr"]
    assert res["test_unittest_sample.py::TestCaseOne::test_fail"]["message"] == "AssertionError: 1 != 2"
    assert res["test_unittest_sample.py::TestCaseOne::test_skip"]["message"] == "skipped here"


XUNIT = '''
import pytest
CALLS = []

def setup_module(module):
    CALLS.append("setup_module")

def teardown_module(module):
    CALLS.append("teardown_module")

def setup_function(function):
    CALLS.append("setup_function")

def test_a():
    assert CALLS == ["setup_module", "setup_function"]

class TestX:
    def setup_class(cls):
        CALLS.append("setup_class")

    def setup_method(self, method):
        CALLS.append("setup_method:" + method.__name__)

    def test_b(self):
        assert CALLS[-2:] == ["setup_class", "setup_method:test_b"]
'''


def test_xunit_setup_match_pytest(tmp_path):
    compare(tmp_path, {"test_xunit_sample.py": XUNIT})


BUILTINS = '''
import logging
import os
import sys
import warnings
import pytest

def test_tmp_path(tmp_path, tmp_path_factory):
    assert tmp_path.is_dir() and not any(tmp_path.iterdir())
    assert tmp_path.name.startswith("test_tmp_path")
    assert str(tmp_path).startswith(str(tmp_path_factory.getbasetemp()))

def test_monkeypatch(monkeypatch, tmp_path):
    monkeypatch.setenv("DXPY_SAMPLE", "1")
    monkeypatch.setattr(os, "sep", "#")
    monkeypatch.setattr("os.altsep", "@")
    monkeypatch.setitem(sys.modules, "dxpy_fake", 1)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert os.sep == "#" and os.environ["DXPY_SAMPLE"] == "1"

def test_monkeypatch_undone():
    assert os.sep == "/" and "DXPY_SAMPLE" not in os.environ and "dxpy_fake" not in sys.modules

def test_capsys(capsys):
    print("hello")
    sys.stderr.write("err")
    out, err = capsys.readouterr()
    assert (out, err) == ("hello\\n", "err")

def test_caplog(caplog):
    logging.getLogger("x").warning("careful %s", 1)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("x").debug("dbg")
    assert caplog.messages == ["careful 1", "dbg"]
    assert "careful 1" in caplog.text
    assert caplog.record_tuples[0] == ("x", logging.WARNING, "careful 1")

def test_recwarn(recwarn):
    warnings.warn("w1", UserWarning)
    assert len(recwarn) == 1
    assert recwarn.pop(UserWarning).message.args == ("w1",)

def test_raises_and_approx():
    with pytest.raises(ZeroDivisionError, match="division"):
        1 / 0
    assert 0.1 + 0.2 == pytest.approx(0.3)

def test_pytestconfig(pytestconfig, request):
    assert pytestconfig.getoption("verbose") == request.config.getoption("verbose")

def test_output_is_captured():
    print("to stdout")
    logging.getLogger("y").error("logged")
    assert 0
'''


def test_builtin_fixtures_match_pytest(tmp_path):
    res = compare(tmp_path, {"test_builtins_sample.py": BUILTINS})
    failing = res["test_builtins_sample.py::test_output_is_captured"]
    assert failing["stdout"] == "to stdout\n"
    assert "ERROR    y:test_builtins_sample.py" in failing["log"] and "logged" in failing["log"]
    assert res["test_builtins_sample.py::test_capsys"]["stdout"] == ""


def test_async_marked_runs(tmp_path):
    write(tmp_path, {"test_async_sample.py": '''
import asyncio

async def test_plain():
    pass

def test_marked():
    pass
'''})
    results, _, _ = run_dx(tmp_path, [("test_async_sample.py", [("test_async_sample.py::test_plain", False)])])
    assert results[0]["outcome"] == "failed"
    assert results[0]["message"].startswith("Failed: async def functions are not natively supported")

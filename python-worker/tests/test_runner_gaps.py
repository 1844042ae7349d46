"""Features of issue 3 not covered elsewhere, each a small case whose expectation is real pytest's result."""
from support import compare, run_dx, write

ASYNC_CASE = '''
import unittest

class TestAsync(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.value = 41

    async def test_ok(self):
        self.value += 1
        assert self.value == 42

    async def test_fails(self):
        self.assertEqual(self.value, 0)

    @unittest.skip("not today")
    async def test_skipped(self):
        pass
'''


def test_isolated_asyncio_testcase(tmp_path):
    got = compare(tmp_path, {"test_async_case.py": ASYNC_CASE})
    assert got["test_async_case.py::TestAsync::test_ok"]["outcome"] == "passed"
    assert got["test_async_case.py::TestAsync::test_fails"]["outcome"] == "failed"


CAPTURE = '''
import os
import subprocess
import sys

def test_capfd(capfd):
    os.write(1, b"fd-out\\n")
    print("py-out")
    sys.stderr.write("py-err\\n")
    subprocess.run([sys.executable, "-c", "print('child-out')"], check=True)
    out, err = capfd.readouterr()
    assert out == "fd-out\\npy-out\\nchild-out\\n"
    assert err == "py-err\\n"
    os.write(2, b"again\\n")
    assert capfd.readouterr() == ("", "again\\n")

def test_capfd_disabled(capfd):
    sys.stderr.write("before\\n")
    with capfd.disabled():  # stderr: the harness reads pytest's stdout
        os.write(2, b"not captured\\n")
        sys.stderr.write("not captured either\\n")
    os.write(2, b"after\\n")
    sys.stderr.write("after-py\\n")
    assert capfd.readouterr().err == "before\\nafter\\nafter-py\\n"

def test_capfdbinary(capfdbinary):
    subprocess.run([sys.executable, "-c", "import sys; sys.stdout.buffer.write(bytes([0xff, 10]))"], check=True)
    assert capfdbinary.readouterr().out == bytes([0xff, 10])

def test_capfd_output_not_read_is_the_tests(capfd):
    subprocess.run([sys.executable, "-c", "print('child output never read')"], check=True)
    assert 0

def test_tmpdir(tmpdir):
    p = tmpdir.join("a.txt")
    p.write("x")
    assert p.read() == "x" and tmpdir.check(dir=1)

def test_failing_output_is_kept():
    print("shown because the test fails")
    assert 0
'''


def test_capfd_tmpdir_and_output_of_failing_tests(tmp_path):
    got = compare(tmp_path, {"test_cap.py": CAPTURE})
    assert "shown because the test fails" in got["test_cap.py::test_failing_output_is_kept"]["stdout"]
    assert got["test_cap.py::test_capfd"]["stdout"] == ""
    assert "child output never read" in got["test_cap.py::test_capfd_output_not_read_is_the_tests"]["stdout"]


PACKAGE_SCOPE = {
    "pkg/__init__.py": "",
    "pkg/conftest.py": '''
import pytest
EVENTS = []

@pytest.fixture(scope="package")
def pkg_resource():
    EVENTS.append("setup")
    yield len(EVENTS)
    EVENTS.append("teardown")
''',
    "pkg/test_one.py": "def test_a(pkg_resource):\n    assert pkg_resource == 1\n",
    "pkg/test_two.py": "def test_b(pkg_resource):\n    assert pkg_resource == 1\n",
    "test_after.py": '''
def test_torn_down():
    from pkg import conftest
    assert conftest.EVENTS == ["setup", "teardown"]
''',
}


def test_package_scope_lives_across_the_package_and_ends_with_it(tmp_path):
    compare(tmp_path, PACKAGE_SCOPE)


XFAIL_MODES = '''
import pytest

@pytest.mark.xfail(raises=ValueError, reason="wrong type")
def test_xfail_other_exception():
    raise KeyError("x")

@pytest.mark.xfail(strict=True, reason="strict")
def test_xpass_strict():
    pass

@pytest.mark.xfail("sys.platform != 'nowhere'", reason="string condition")
def test_string_condition():
    assert 0

@pytest.mark.skipif("sys.version_info < (3,)", reason="old")
def test_not_skipped():
    pass

def test_runtime_xfail():
    pytest.xfail("decided at run time")

def test_importorskip():
    pytest.importorskip("no_such_module_for_dxpy")
'''


def test_xfail_and_skip_modes(tmp_path):
    got = compare(tmp_path, {"test_xf.py": XFAIL_MODES})
    assert got["test_xf.py::test_xfail_other_exception"]["outcome"] == "failed"
    assert got["test_xf.py::test_xpass_strict"]["outcome"] == "failed"


ASYNC_MARKED = '''
import pytest

@pytest.mark.asyncio
async def test_marked_passes():
    assert True

@pytest.mark.asyncio
async def test_marked_fails():
    assert 1 == 2

async def test_unmarked():
    pass
'''


def test_async_marks_without_their_plugin_fail_as_in_pytest(tmp_path):
    # pytest-asyncio is not installed here: pytest fails every async test, marked or not; so must dxpy
    import importlib.util
    if importlib.util.find_spec("pytest_asyncio") is not None:
        import pytest
        pytest.skip("pytest-asyncio is installed")
    got = compare(tmp_path, {"test_async_marked.py": ASYNC_MARKED})
    assert {k.split("::")[1]: r["outcome"] for k, r in got.items()} == {
        "test_marked_passes": "failed", "test_marked_fails": "failed", "test_unmarked": "failed"}
    assert "not natively supported" in got["test_async_marked.py::test_marked_passes"]["longrepr"]


def test_async_marks_run_natively_when_their_plugin_is_installed(tmp_path, monkeypatch):
    write(tmp_path, {"test_async_marked.py": ASYNC_MARKED, "site/pytest_asyncio/__init__.py": ""})
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "site"))  # a stand-in for the installed plugin
    results, _, _ = run_dx(tmp_path, [("test_async_marked.py", [
        ("test_async_marked.py::test_marked_passes", False), ("test_async_marked.py::test_marked_fails", False),
        ("test_async_marked.py::test_unmarked", False)])])
    assert [r["outcome"] for r in results] == ["passed", "failed", "failed"]
    assert "assert 1 == 2" in results[1]["message"]


GENERATED_PARAMS = '''
import pytest

def cases(kind):
    for i in range(3):
        yield (kind, i)

@pytest.mark.parametrize("kind, i", cases("a"))
def test_from_a_generator(kind, i):
    assert kind == "a" and i in (0, 1, 2)

@pytest.mark.parametrize("x", (x * 2 for x in range(2)))
@pytest.mark.parametrize("y", iter(["p", "q"]))
def test_stacked_iterators(x, y):
    assert x in (0, 2) and y in ("p", "q")
'''


def test_parametrize_with_iterators_expands_every_value(tmp_path):
    # jmespath's suite parametrizes with a generator; the worker read the marks several times, and every read
    # after the first saw an exhausted generator: no parameter sets (pytest's [NOTSET] skip)
    got = compare(tmp_path, {"test_gen_sample.py": GENERATED_PARAMS})
    assert len(got) == 7
    assert all(r["outcome"] == "passed" for r in got.values())


PROXY_AT_MODULE_LEVEL = '''
class Unbound:
    """Like werkzeug's LocalProxy outside a context (flask.request): every attribute raises RuntimeError."""
    def __getattribute__(self, name):
        raise RuntimeError("Working outside of request context.")

request = Unbound()

def test_runs():
    pass
'''


def test_a_module_level_proxy_that_raises_for_every_attribute_is_not_a_collection_error(tmp_path):
    # flask's test modules import `request` and `session`; the worker asked them for __test__ and the
    # RuntimeError made every such file a collection error
    got = compare(tmp_path, {"test_proxy_sample.py": PROXY_AT_MODULE_LEVEL})
    assert list(got) == ["test_proxy_sample.py::test_runs"]


PYTEST_MONKEYPATCH_INTERNALS = '''
import os
import pytest
from _pytest import monkeypatch as pytest_monkeypatch

@pytest.fixture(autouse=True)
def reset_environ(monkeypatch):
    # flask's conftest: pytest's own sentinel in the fixture's undo list
    monkeypatch._setitem.extend([(os.environ, "DXPY_SAMPLE_VARIABLE", pytest_monkeypatch.notset)])

def test_sets_the_variable():
    os.environ["DXPY_SAMPLE_VARIABLE"] = "1"

def test_the_variable_is_gone_again():
    assert "DXPY_SAMPLE_VARIABLE" not in os.environ
'''


def test_monkeypatch_is_pytests_own_when_the_suite_imports_pytest(tmp_path):
    got = compare(tmp_path, {"test_mp_sample.py": PYTEST_MONKEYPATCH_INTERNALS})
    assert [r["outcome"] for r in got.values()] == ["passed", "passed"]

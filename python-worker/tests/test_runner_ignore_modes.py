"""collect_ignore computed by a conftest, --import-mode append/importlib, and collect_file (the worker's
--collect-only), each against what pytest does with the same files."""
import subprocess
import sys

from support import run_dx, run_pytest, write

COMPUTED_IGNORE = {
    "conftest.py": """
        import sys
        collect_ignore = ["test_literal.py"]
        if sys.version_info >= (3,):
            collect_ignore.append("test_computed.py")
        collect_ignore_glob = ["*/test_glob_*.py"] if sys.platform else []
    """,
    "test_keep.py": "def test_kept():\n    pass\n",
    "test_literal.py": "def test_never():\n    assert 0\n",
    "test_computed.py": "def test_never():\n    assert 0\n",
    "sub/test_glob_a.py": "def test_never():\n    assert 0\n",
    "sub/test_other.py": "def test_kept():\n    pass\n",
    # the nearest conftest defining the name decides: this empty list un-ignores nothing but shadows the root's
    "near/conftest.py": "collect_ignore = []\n",
    "near/test_near.py": "def test_kept():\n    pass\n",
}


def test_computed_collect_ignore_reports_the_file_ignored_like_pytest(tmp_path):
    write(tmp_path, COMPUTED_IGNORE)
    order, outcomes, errors = run_pytest(tmp_path)
    assert not errors
    files = ["test_keep.py", "test_literal.py", "test_computed.py", "sub/test_glob_a.py", "sub/test_other.py",
             "near/test_near.py"]
    results, status, _ = run_dx(tmp_path, [(f, [(f + "::test_kept" if "never" not in COMPUTED_IGNORE[f]
                                                  else f + "::test_never", False)]) for f in files])
    assert sorted(r["node_id"] for r in results) == sorted(order)
    assert {r["node_id"]: r["outcome"] for r in results} == outcomes
    ignored = {s["file"]: s.get("ignored") for s in status if s.get("ignored")}
    assert ignored == {"test_literal.py": "conftest.py collect_ignore",
                       "test_computed.py": "conftest.py collect_ignore",
                       "sub/test_glob_a.py": "conftest.py collect_ignore_glob"}


def test_ignored_directory_prunes_everything_below(tmp_path):
    write(tmp_path, {"conftest.py": "collect_ignore = [n for n in ['legacy']]\n",
                     "legacy/test_old.py": "def test_old():\n    assert 0\n",
                     "test_new.py": "def test_new():\n    pass\n"})
    order, _, _ = run_pytest(tmp_path)
    assert order == ["test_new.py::test_new"]
    results, status, _ = run_dx(tmp_path, [("legacy/test_old.py", [("legacy/test_old.py::test_old", False)])])
    assert results == [] and status[0]["ignored"] == "conftest.py collect_ignore"


SAME_NAME = "import os, sys\n\ndef test_path():\n    assert os.path.dirname(__file__) not in sys.path\n\n" \
            "def test_rewritten():\n    x = 1\n    assert x == 2\n"


def test_importlib_mode_imports_same_named_files_without_touching_sys_path(tmp_path):
    files = {"a/test_same.py": SAME_NAME, "b/test_same.py": SAME_NAME,
             "pytest.ini": "[pytest]\naddopts = --import-mode=importlib\n"}
    write(tmp_path, files)
    order, outcomes, errors = run_pytest(tmp_path)
    assert not errors and len(order) == 4
    by_file = {}
    for nid in order:
        by_file.setdefault(nid.split("::")[0], []).append((nid, False))
    results, status, _ = run_dx(tmp_path, list(by_file.items()), import_mode="importlib")
    assert {r["node_id"]: r["outcome"] for r in results} == outcomes
    assert outcomes["a/test_same.py::test_path"] == "passed"
    failure = next(r for r in results if r["node_id"] == "b/test_same.py::test_rewritten")
    assert "assert 1 == 2" in failure["longrepr"]  # asserts are still rewritten


def test_prepend_mode_keeps_pytests_mismatch_error_for_same_named_files(tmp_path):
    write(tmp_path, {"a/test_same.py": SAME_NAME, "b/test_same.py": SAME_NAME})
    _, _, errors = run_pytest(tmp_path)
    assert errors  # pytest: "import file mismatch"
    _, status, _ = run_dx(tmp_path, [("a/test_same.py", [("a/test_same.py::test_path", False)]),
                                     ("b/test_same.py", [("b/test_same.py::test_path", False)])])
    assert not status[0]["error"] and status[1]["error"]


APPENDED = "import os, sys\n\ndef test_appended():\n    here = os.path.dirname(os.path.abspath(__file__))\n" \
           "    assert sys.path[0] != here and here in sys.path\n"


def test_append_mode_appends_the_basedir(tmp_path):
    write(tmp_path, {"tests/test_app.py": APPENDED, "pytest.ini": "[pytest]\naddopts = --import-mode=append\n"})
    order, outcomes, _ = run_pytest(tmp_path)
    assert outcomes == {"tests/test_app.py::test_appended": "passed"}
    results, _, _ = run_dx(tmp_path, [("tests/test_app.py", [(order[0], False)])], import_mode="append")
    assert [(r["node_id"], r["outcome"]) for r in results] == [(order[0], "passed")]


COLLECTED = {
    "pytest.ini": "[pytest]\naddopts = --doctest-modules\n",
    "test_dyn.py": '''
        import pytest

        VALUES = list(range(3))

        def helper():
            """
            >>> 1 + 1
            2
            """

        @pytest.mark.parametrize("x", VALUES)
        def test_dyn(x):
            pass

        def test_plain():
            pass
    ''',
}


def pytest_collect_only(root):
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider"],
                         cwd=str(root), capture_output=True, text=True, timeout=120).stdout
    return [line for line in out.splitlines() if "::" in line]


def test_collect_file_lists_what_pytest_collects(tmp_path):
    write(tmp_path, COLLECTED)
    expected = pytest_collect_only(tmp_path)
    got = run_dx(tmp_path, [("test_dyn.py", [("test_dyn.py::test_dyn", True), ("test_dyn.py::test_plain", False),
                                             ("test_dyn.py::<doctests>", True)])], collect=True)
    ids, status = got[0]
    assert not status["error"]
    assert sorted(ids) == sorted(expected)
    assert "test_dyn.py::test_dyn.helper" in ids and "test_dyn.py::test_dyn[2]" in ids


def test_collect_file_says_ignored(tmp_path):
    write(tmp_path, COMPUTED_IGNORE)
    got = run_dx(tmp_path, [("test_computed.py", [("test_computed.py::test_never", False)])], collect=True)
    assert got == [[[], {"file": "test_computed.py", "error": "", "error_line": 0, "longrepr": "",
                         "ignored": "conftest.py collect_ignore"}]]

"""dx.snapshot(): create, match by hash without reading, mismatch diff, update, CI mode, obsolete; Blake3."""
import os
import subprocess
import sys

from support import WORKER_DIR, run_dx, write

TEST = '''
import dx_py_test_runner as dx

def test_text():
    dx.snapshot().assert_match("line one\\nline two\\n")

def test_data():
    dx.snapshot().assert_match({"b": [1, 2], "a": "x"})
    dx.snapshot().assert_match(b"raw bytes")
'''
IDS = [("tests/test_snap.py", [("tests/test_snap.py::test_text", False), ("tests/test_snap.py::test_data", False)])]
SNAPS = os.path.join("tests", "__snapshots__", "test_snap.py")


def _run(root, monkeypatch, update=False, ci=False, text=TEST):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("DXPY_UPDATE_SNAPSHOTS", raising=False)
    if update:
        monkeypatch.setenv("DXPY_UPDATE_SNAPSHOTS", "1")
    if ci:
        monkeypatch.setenv("CI", "true")
    write(root, {"tests/test_snap.py": text})
    results, _, _ = run_dx(root, IDS)
    return {r["node_id"].split("::")[1]: r for r in results}


def test_create_then_match(tmp_path, monkeypatch):
    got = _run(tmp_path, monkeypatch)
    assert {k: r["outcome"] for k, r in got.items()} == {"test_text": "passed", "test_data": "passed"}
    d = tmp_path / SNAPS
    assert (d / "test_text.snap").read_text() == "line one\nline two\n"
    assert (d / "test_data.snap").read_text() == "{'a': 'x', 'b': [1, 2]}"
    assert (d / "test_data-2.snap").read_text() == "raw bytes"
    index = (d / "index.b3").read_text().splitlines()
    assert [line.split()[2] for line in index] == ["test_data-2.snap", "test_data.snap", "test_text.snap"]
    # a match compares hashes only: content the index does not describe is never read
    (d / "test_text.snap").write_text("garbage that would not match")
    assert _run(tmp_path, monkeypatch)["test_text"]["outcome"] == "passed"


def test_mismatch_shows_unified_diff(tmp_path, monkeypatch):
    _run(tmp_path, monkeypatch)
    got = _run(tmp_path, monkeypatch, text=TEST.replace("line two", "line 2"))
    r = got["test_text"]
    assert r["outcome"] == "failed"
    assert "snapshot test_text.snap does not match; run with --update-snapshots" in r["longrepr"]
    assert "E       -line two\nE       +line 2" in r["longrepr"]
    assert got["test_data"]["outcome"] == "passed"


def test_mismatch_diff_of_values_without_a_final_newline_has_one_line_per_change(tmp_path, monkeypatch):
    _run(tmp_path, monkeypatch)
    got = _run(tmp_path, monkeypatch, text=TEST.replace('"a": "x"', '"a": "y"'))
    longrepr = got["test_data"]["longrepr"]
    assert "E       -{'a': 'x', 'b': [1, 2]}\nE       +{'a': 'y', 'b': [1, 2]}" in longrepr


def test_update_writes_content_and_hash(tmp_path, monkeypatch):
    _run(tmp_path, monkeypatch)
    changed = TEST.replace("line two", "line 2")
    assert _run(tmp_path, monkeypatch, update=True, text=changed)["test_text"]["outcome"] == "passed"
    assert (tmp_path / SNAPS / "test_text.snap").read_text() == "line one\nline 2\n"
    assert _run(tmp_path, monkeypatch, text=changed)["test_text"]["outcome"] == "passed"


def test_ci_mode_fails_on_missing_snapshot(tmp_path, monkeypatch):
    got = _run(tmp_path, monkeypatch, ci=True)
    assert got["test_text"]["outcome"] == "failed"
    assert "does not exist and CI is set" in got["test_text"]["longrepr"]
    assert not (tmp_path / SNAPS / "test_text.snap").exists()
    _run(tmp_path, monkeypatch)
    assert _run(tmp_path, monkeypatch, ci=True)["test_text"]["outcome"] == "passed"


def test_used_snapshots_are_recorded_and_obsolete_ones_removed(tmp_path, monkeypatch):
    _run(tmp_path, monkeypatch)
    used_dir = tmp_path / ".dxpy" / "snapshots-used"
    used = set()
    for f in used_dir.iterdir():
        used |= set(f.read_text().split())
    assert used == {f"tests/__snapshots__/test_snap.py/{n}" for n in
                    ("test_text.snap", "test_data.snap", "test_data-2.snap")}
    sys.path.insert(0, WORKER_DIR)
    from dx_py_test_runner import snapshots
    used.discard("tests/__snapshots__/test_snap.py/test_data-2.snap")
    assert snapshots.remove_obsolete(str(tmp_path), used) == ["tests/__snapshots__/test_snap.py/test_data-2.snap"]
    assert "test_data-2.snap" not in (tmp_path / SNAPS / "index.b3").read_text()


def test_pure_python_blake3_known_answers():
    sys.path.insert(0, WORKER_DIR)
    from dx_py_test_runner.blake3 import pure_hexdigest
    assert pure_hexdigest(b"") == "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
    # official test vector (input byte i = i % 251), 1025 bytes: two chunks and a root parent
    data = bytes(i % 251 for i in range(1025))
    assert pure_hexdigest(data) == "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444"


def test_works_under_plain_pytest(tmp_path):
    write(tmp_path, {"test_p.py": "import dx_py_test_runner as dx\n\ndef test_p():\n"
                                  "    dx.snapshot().assert_match('hello')\n"})
    env = dict(os.environ, PYTHONPATH=WORKER_DIR)
    env.pop("CI", None)
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stdout
    assert (tmp_path / "__snapshots__" / "test_p.py" / "test_p.snap").read_text() == "hello"


def test_used_list_is_buffered_and_written_once_per_flush(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)  # in CI mode a missing snapshot fails instead of being written
    monkeypatch.delenv("DXPY_UPDATE_SNAPSHOTS", raising=False)
    sys.path.insert(0, WORKER_DIR)
    from dx_py_test_runner import snapshots
    snapshots.set_current_test(str(tmp_path), "tests/test_b.py", "test_x")
    for _ in range(3):
        snapshots.snapshot().assert_match("same")  # three slots: test_x, test_x-2, test_x-3
        snapshots._record_used("tests/__snapshots__/test_b.py/test_x.snap")
    used_file = tmp_path / ".dxpy" / "snapshots-used" / f"{os.getpid()}.txt"
    assert not used_file.exists()  # nothing written per assertion
    snapshots.flush_used()
    assert used_file.read_text().splitlines() == [
        "tests/__snapshots__/test_b.py/test_x.snap", "tests/__snapshots__/test_b.py/test_x-2.snap",
        "tests/__snapshots__/test_b.py/test_x-3.snap"]
    snapshots.flush_used()  # nothing new: nothing appended
    assert len(used_file.read_text().splitlines()) == 3

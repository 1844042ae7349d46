"""Collecting ahead (ahead.py): a worker configured with collect_ahead imports and collects those files at once,
answers with the stamps of what that read, and a later RunFile runs from what it collected."""
import os

from dx_py_test_runner import ahead
from dx_py_test_runner import protocol as P
from support import start_worker, write


PROJECT = {
    "pkg/__init__.py": "",
    "pkg/util.py": """
        import os
        with open(os.path.join(os.path.dirname(__file__), "data.txt")) as f:
            DATA = f.read().strip()
    """,
    "pkg/data.txt": "forty-two\n",
    "tests/conftest.py": """
        import pytest

        @pytest.fixture
        def answer():
            return 42
    """,
    "tests/test_a.py": """
        import os
        from pkg.util import DATA
        with open(os.environ["IMPORT_LOG"], "a") as log:
            log.write("test_a\\n")

        def test_data():
            assert DATA == "forty-two"

        def test_answer(answer):
            assert answer == 42

        def test_fails():
            assert DATA == "forty-three"
    """,
    "tests/test_broken.py": """
        import os
        with open(os.environ["IMPORT_LOG"], "a") as log:
            log.write("test_broken\\n")
        raise RuntimeError("cannot import me")

        def test_never():
            pass
    """,
}


def configured(root, files, heartbeat=False):
    """(worker, import log): a worker in root (PROJECT written there) that got a Configure collecting files
    ahead, and with heartbeat a HEARTBEAT right behind it; its HELLO is read."""
    write(root, PROJECT)
    log = root / "imports.log"
    env = dict(os.environ, IMPORT_LOG=str(log))
    env.pop("DXPY_FRAMELOG", None)
    p = start_worker(root, env)
    assert P.read_frame(p.stdout).type == P.MessageType.HELLO
    P.write_frame(p.stdin, P.MessageType.CONFIGURE, 0, P.encode_configure(
        str(root), ["test_*.py"], ["Test"], ["test"], [str(root)], [], 0, collect_ahead=files))
    if heartbeat:
        P.write_frame(p.stdin, P.MessageType.HEARTBEAT, 0, P.encode_heartbeat(1))
    return p, log


def frames_until_file_done(p):
    out = []
    while True:
        f = P.read_frame(p.stdout)
        assert f is not None, p.stderr.read().decode()
        out.append((P.MessageType(f.type), P.decode(f.type, f.payload)))
        if f.type == P.MessageType.FILE_DONE:
            return out


def test_a_worker_collects_ahead_reports_what_it_read_and_runs_from_it(tmp_path):
    p, log = configured(tmp_path, ["tests/test_a.py", "tests/test_broken.py"])
    try:
        f = P.read_frame(p.stdout)
        assert f is not None, p.stderr.read().decode()
        assert f.type == P.MessageType.COLLECTED
        stamps = {path: (size, mtime) for path, size, mtime in P.decode_collected(f.payload)["stamps"]}
        # both modules were imported before any RunFile came
        assert log.read_text().splitlines() == ["test_a", "test_broken"]
        for rel in ("tests/test_a.py", "tests/test_broken.py", "tests/conftest.py", "pkg/util.py",
                    "pkg/__init__.py", "pkg/data.txt"):
            path = str(tmp_path / rel)
            st = os.stat(path)
            assert stamps[path] == (st.st_size, st.st_mtime_ns), rel
        for d in (tmp_path, tmp_path / "tests", tmp_path / "pkg"):  # a file added there changes them
            assert str(d) in stamps
        assert not any("__pycache__" in path for path in stamps)
        assert str(log) not in stamps  # opened for appending only

        P.write_frame(p.stdin, P.MessageType.RUN_FILE, 1, P.encode_run_file(
            "tests/test_a.py", [("tests/test_a.py::test_data", False), ("tests/test_a.py::test_answer", False),
                                ("tests/test_a.py::test_fails", False)]))
        results = {r["node_id"]: r["outcome"] for t, r in frames_until_file_done(p) if t == P.MessageType.TEST_RESULT}
        assert results == {"tests/test_a.py::test_data": "passed", "tests/test_a.py::test_answer": "passed",
                           "tests/test_a.py::test_fails": "failed"}
        P.write_frame(p.stdin, P.MessageType.RUN_FILE, 2, P.encode_run_file(
            "tests/test_broken.py", [("tests/test_broken.py::test_never", False)]))
        done = frames_until_file_done(p)[-1][1]
        assert "cannot import me" in done["error"]
        # run from what was collected: neither module imported again (the broken one's error was kept)
        assert log.read_text().splitlines() == ["test_a", "test_broken"]
    finally:
        p.stdin.close()
        p.wait(timeout=30)


def test_a_test_file_changed_after_collecting_is_imported_again(tmp_path):
    p, log = configured(tmp_path, ["tests/test_a.py"])
    try:
        assert P.read_frame(p.stdout).type == P.MessageType.COLLECTED
        test_a = tmp_path / "tests" / "test_a.py"
        test_a.write_text(test_a.read_text().replace('"forty-three"', '"forty-two"') + "\n")
        P.write_frame(p.stdin, P.MessageType.RUN_FILE, 1, P.encode_run_file(
            "tests/test_a.py", [("tests/test_a.py::test_fails", False)]))
        results = [r["outcome"] for t, r in frames_until_file_done(p) if t == P.MessageType.TEST_RESULT]
        assert results == ["passed"]  # the new source, not the collected one
        assert log.read_text().splitlines() == ["test_a", "test_a"]
    finally:
        p.stdin.close()
        p.wait(timeout=30)


def test_the_recorder_stamps_reads_and_listings_only_while_started(tmp_path):
    write(tmp_path, {"a.txt": "x", "sub/b.txt": "yy"})
    rec = ahead.start(str(tmp_path), [])
    try:
        open(tmp_path / "a.txt").close()
        os.listdir(tmp_path / "sub")
        open(tmp_path / "written.txt", "w").close()
        try:
            open(tmp_path / "missing.txt")
        except FileNotFoundError:
            pass
        open("/proc/self/status").close()
    finally:
        assert ahead.stop() is rec
    open(tmp_path / "sub" / "b.txt").close()  # after stop(): not recorded
    stamps = {path: (size, mtime) for path, size, mtime in rec.result()}
    st = os.stat(tmp_path / "a.txt")
    assert stamps[str(tmp_path / "a.txt")] == (st.st_size, st.st_mtime_ns)
    assert str(tmp_path / "sub") in stamps
    assert stamps[str(tmp_path / "missing.txt")] == (-1, 0)
    assert str(tmp_path / "written.txt") not in stamps
    assert str(tmp_path / "sub" / "b.txt") not in stamps
    assert not any(path.startswith("/proc/") for path in stamps)


def test_a_frame_from_the_engine_ends_collecting_and_the_run_imports_the_rest(tmp_path):
    # the HEARTBEAT waits in the pipe before the collection starts: it stops before the first file
    p, log = configured(tmp_path, ["tests/test_a.py", "tests/test_broken.py"], heartbeat=True)
    try:
        f = P.read_frame(p.stdout)
        assert f.type == P.MessageType.COLLECTED
        stamps = {path for path, _, _ in P.decode_collected(f.payload)["stamps"]}
        assert str(tmp_path / "tests" / "test_a.py") not in stamps
        assert not log.exists()
        assert P.read_frame(p.stdout).type == P.MessageType.HEARTBEAT  # then the frame itself is answered
        P.write_frame(p.stdin, P.MessageType.RUN_FILE, 1, P.encode_run_file(
            "tests/test_a.py", [("tests/test_a.py::test_data", False)]))
        results = [r["outcome"] for t, r in frames_until_file_done(p) if t == P.MessageType.TEST_RESULT]
        assert results == ["passed"]
        assert log.read_text().splitlines() == ["test_a"]
    finally:
        p.stdin.close()
        p.wait(timeout=30)

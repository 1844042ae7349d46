"""The worker loop over real pipes: handshake, results, a stray write to fd 1, stdin, shutdown."""
import os
import subprocess
import sys
import textwrap

from dx_py_test_runner import protocol as P

WORKER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(P.__file__)))


def start(root):
    boot = "import sys; sys.path.append(%r); from dx_py_test_runner.worker import main; main()" % WORKER_DIR
    return subprocess.Popen([sys.executable, "-c", boot], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=str(root))


def run_file(p, root, rel, ids):
    P.write_frame(p.stdin, P.MessageType.CONFIGURE, 0,
                  P.encode_configure(str(root), ["test_*.py"], ["Test"], ["test"], [], [], 0))
    P.write_frame(p.stdin, P.MessageType.RUN_FILE, 5, P.encode_run_file(rel, [(i, False) for i in ids]))
    frames = []
    while True:
        f = P.read_frame(p.stdout)
        assert f is not None, p.stderr.read().decode()
        frames.append((P.MessageType(f.type), f.request_id, P.decode(f.type, f.payload)))
        if f.type == P.MessageType.FILE_DONE:
            return frames


def test_handshake_results_and_clean_shutdown(tmp_path):
    (tmp_path / "test_w.py").write_text(textwrap.dedent("""
        import os, sys

        def test_prints_to_real_stdout():
            os.write(1, b"garbage on fd 1 that must not reach the channel\\n")
            print("captured")

        def test_reads_stdin():
            assert sys.stdin.read() == ""

        def test_fails():
            assert 847 == 848
    """))
    p = start(tmp_path)
    hello = P.read_frame(p.stdout)
    assert hello.type == P.MessageType.HELLO
    assert P.decode_hello(hello.payload)["pid"] == p.pid
    ids = ["test_w.py::test_prints_to_real_stdout", "test_w.py::test_reads_stdin", "test_w.py::test_fails"]
    frames = run_file(p, tmp_path, "test_w.py", ids)
    results = {d["node_id"]: d for t, _, d in frames if t == P.MessageType.TEST_RESULT}
    assert [results[i]["outcome"] for i in ids] == ["passed", "passed", "failed"]
    assert "assert 847 == 848" in results[ids[2]]["message"]
    assert all(rid == 5 for _, rid, _ in frames)
    P.write_frame(p.stdin, P.MessageType.SHUTDOWN, 0, P.encode_shutdown("done"))
    assert p.wait(timeout=10) == 0
    assert b"garbage on fd 1" in p.stderr.read()


def test_import_error_is_reported_once_in_file_done(tmp_path):
    (tmp_path / "test_bad.py").write_text("import no_such_module_xyz\n\ndef test_a():\n    pass\n")
    p = start(tmp_path)
    P.read_frame(p.stdout)
    frames = run_file(p, tmp_path, "test_bad.py", ["test_bad.py::test_a"])
    assert [t for t, _, _ in frames] == [P.MessageType.FILE_DONE]
    assert "no_such_module_xyz" in frames[0][2]["error"]
    p.stdin.close()
    assert p.wait(timeout=10) == 0


def test_garbage_from_the_engine_is_a_fatal_worker_error(tmp_path):
    p = start(tmp_path)
    P.read_frame(p.stdout)
    p.stdin.write(b"NOT A FRAME AT ALL, 32 BYTES LONG")
    p.stdin.flush()
    f = P.read_frame(p.stdout)
    assert f.type == P.MessageType.WORKER_ERROR
    err = P.decode(f.type, f.payload)
    assert err["fatal"] and "magic" in err["message"]
    assert p.wait(timeout=10) != 0

"""The worker loop over real pipes: handshake, results, a stray write to fd 1, stdin, shutdown."""
import textwrap

from dx_py_test_runner import protocol as P
from support import start_worker as start


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


def test_stop_file_ends_the_file_before_the_named_test_and_closes_its_scopes(tmp_path):
    log = tmp_path / "log.txt"
    (tmp_path / "test_s.py").write_text(textwrap.dedent("""
        import pytest

        LOG = %r

        def note(s):
            with open(LOG, "a") as f:
                f.write(s + "\\n")

        @pytest.fixture(scope="module")
        def mod():
            note("setup")
            yield
            note("teardown")

        def test_0(mod): note("0")
        def test_1(mod): note("1")
        def test_2(mod): note("2")
        def test_3(mod): note("3")
        def test_4(mod): note("4")
    """ % str(log)))
    p = start(tmp_path)
    assert P.read_frame(p.stdout).type == P.MessageType.HELLO
    ids = ["test_s.py::test_%d" % i for i in range(5)]
    P.write_frame(p.stdin, P.MessageType.CONFIGURE, 0,
                  P.encode_configure(str(tmp_path), ["test_*.py"], ["Test"], ["test"], [], [], 0))
    # the stop arrives with the request: the worker stops before test_3 and closes the module scope
    P.write_frame(p.stdin, P.MessageType.RUN_FILE, 5, P.encode_run_file("test_s.py", [(i, False) for i in ids]))
    P.write_frame(p.stdin, P.MessageType.STOP_FILE, 5, P.encode_stop_file("test_s.py", ids[3]))
    frames = []
    while not frames or frames[-1][0] != P.MessageType.FILE_DONE:
        f = P.read_frame(p.stdout)
        assert f is not None, p.stderr.read().decode()
        frames.append((P.MessageType(f.type), P.decode(f.type, f.payload)))
    ran = [d["node_id"] for t, d in frames if t == P.MessageType.TEST_RESULT]
    assert ran == ids[:3]
    assert log.read_text().split() == ["setup", "0", "1", "2", "teardown"]
    # a late stop for a finished request is ignored; the rest runs as a request of its own
    P.write_frame(p.stdin, P.MessageType.STOP_FILE, 5, P.encode_stop_file("test_s.py", ids[4]))
    frames = run_file(p, tmp_path, "test_s.py", ids[3:])
    assert [d["node_id"] for t, _, d in frames if t == P.MessageType.TEST_RESULT] == ids[3:]
    P.write_frame(p.stdin, P.MessageType.SHUTDOWN, 0, P.encode_shutdown("done"))
    assert p.wait(timeout=10) == 0
    assert log.read_text().split()[5:] == ["setup", "3", "4", "teardown"]


def test_configure_freezes_the_worker_but_the_tests_garbage_is_still_collected(tmp_path):
    (tmp_path / "test_g.py").write_text(textwrap.dedent("""
        import gc, weakref

        def test_worker_objects_frozen():
            assert gc.get_freeze_count() > 1000

        def test_a_cycle_made_by_a_test_is_collected():
            class Node:
                pass
            a, b = Node(), Node()
            a.other, b.other = b, a
            ref = weakref.ref(a)
            del a, b
            gc.collect()
            assert ref() is None
    """))
    p = start(tmp_path)
    P.read_frame(p.stdout)
    ids = ["test_g.py::test_worker_objects_frozen", "test_g.py::test_a_cycle_made_by_a_test_is_collected"]
    frames = run_file(p, tmp_path, "test_g.py", ids)
    results = {d["node_id"]: d for t, _, d in frames if t == P.MessageType.TEST_RESULT}
    assert [results[i]["outcome"] for i in ids] == ["passed", "passed"], results
    P.write_frame(p.stdin, P.MessageType.SHUTDOWN, 0, P.encode_shutdown("done"))
    assert p.wait(timeout=10) == 0

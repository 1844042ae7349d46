"""The writer side of the frame log: appends, wrap-around, doorbells, the pipe fallback, the running slot, and a
real worker killed mid-file whose frames are all still in the log and whose slot names the test it ran."""
import io
import mmap
import os
import random
import struct
import subprocess
import sys
import textwrap

import pytest

from dx_py_test_runner import protocol as P
from dx_py_test_runner.framelog import CONTROL, MAGIC, SLOT_BYTES, SLOT_ID_BYTES, FrameLog
from dx_py_test_runner.shm import SharedRing
from dx_py_test_runner.worker import Channel

WORKER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(P.__file__)))
_Q = struct.Struct("<Q")


def slot_at(capacity):
    return (CONTROL + capacity + 7) & ~7


def create(path, capacity, slot=True):
    """An empty log file as the engine creates it (slot=False: as an engine without the running slot did)."""
    size = slot_at(capacity) + SLOT_BYTES if slot else CONTROL + capacity
    with open(path, "wb") as f:
        f.write(MAGIC + _Q.pack(capacity) + bytes(size - 16))
    return str(path)


def read_slot(mm, capacity):
    """(seq, request id, node id or None) as the engine's FrameLog.running() reads them."""
    at = slot_at(capacity)
    seq, request, n = struct.unpack_from("<QQI", mm, at)
    return seq, request, bytes(mm[at + 24:at + 24 + n]).decode() if n else None


class Reader:
    """The engine's side, for these tests: reads the published frames and publishes what it consumed."""

    def __init__(self, path, ring=None):
        with open(path, "r+b") as f:  # mapped: still readable once the worker unlinked the file
            self.mm = mmap.mmap(f.fileno(), 0)
        self.ring = ring
        self.consumed = 0

    def read(self):
        data = bytes(self.mm)
        capacity, written = _Q.unpack_from(data, 8)[0], _Q.unpack_from(data, 16)[0]
        frames = []
        while self.consumed < written:
            at = self.consumed % capacity
            ring = data[CONTROL:CONTROL + capacity]
            flat = ring[at:] + ring[:at]
            length, flags = struct.unpack_from("<I", flat, 12)[0], struct.unpack_from("<I", flat, 8)[0]
            size = 32 + (0 if flags & P.FLAG_SHARED_MEMORY else length)
            frames.append(P.decode_frame(flat[:size], self.ring))
            self.consumed += size
        _Q.pack_into(self.mm, 24, self.consumed)
        return [(P.MessageType(t), rid, P.decode(t, payload)) for t, rid, payload in frames]


def pipe_frames(buf, ring=None):
    stream = io.BytesIO(buf.getvalue())
    out = []
    while True:
        f = P.read_frame(stream, ring)
        if f is None:
            return out
        out.append((P.MessageType(f.type), f.request_id, P.decode(f.type, f.payload)))


def header_flags(data):
    flags, at = [], 0
    while at < len(data):
        flags.append(struct.unpack_from("<I", data, at + 8)[0])
        at += 32 + struct.unpack_from("<I", data, at + 12)[0]
    return flags


def started(i):
    return P.encode_test_started("t.py::test_%d" % i)


def passed(i, longrepr=""):
    return P.encode_test_result("t.py::test_%d" % i, "passed", i, "", longrepr)


def test_frames_are_appended_whole_across_the_end_and_a_full_log_takes_nothing(tmp_path):
    path = create(tmp_path / "log", 4096)
    log = FrameLog.open(path)
    reader = Reader(path)
    rnd = random.Random(3)
    sent, got = [], []
    for i in range(400):
        payload = P.encode_test_started("t.py::test_%d%s" % (i, "x" * rnd.randrange(300)))
        frame = P.frame_bytes(P.MessageType.TEST_STARTED, i, payload)
        while not log.append(frame):
            assert len(frame) > log.free()
            got += reader.read()
        sent.append((P.MessageType.TEST_STARTED, i, P.decode_test_started(payload)))
    got += reader.read()
    assert got == sent
    assert log.position == reader.consumed > 10 * 4096 and log.unread() == 0
    log.close()


def test_open_refuses_a_file_that_is_not_a_log(tmp_path):
    (tmp_path / "x").write_bytes(b"DXPYRING" + bytes(100))
    with pytest.raises(ValueError, match="not a dxpy frame log"):
        FrameLog.open(str(tmp_path / "x"))


def channel(tmp_path, capacity=1 << 16, bell=600.0, ring=None):
    out = io.BytesIO()
    path = create(tmp_path / "log", capacity)
    return Channel(io.BytesIO(), out, ring, FrameLog.open(path), bell), out, Reader(path)


def test_passing_tests_go_to_the_log_and_a_failure_rings_at_once(tmp_path):
    chan, out, reader = channel(tmp_path)
    for i in range(50):
        chan.post(P.MessageType.TEST_STARTED, 3, started(i))
        chan.post(P.MessageType.TEST_RESULT, 3, passed(i))
    assert out.getvalue() == b"", "nothing on the pipe while tests pass within the bell interval"
    chan.post(P.MessageType.TEST_STARTED, 3, started(50))
    chan.post(P.MessageType.TEST_RESULT, 3, P.encode_test_result("t.py::test_50", "failed", 1, "boom"), urgent=True)
    assert pipe_frames(out) == [(P.MessageType.FRAMES_LOGGED, 3, {"position": chan._log.position})]
    logged = reader.read()
    assert len(logged) == 102 and logged[-1][2]["outcome"] == "failed"
    chan.send(P.MessageType.FILE_DONE, 3, P.encode_file_done("t.py"))
    assert [t for t, _, _ in pipe_frames(out)] == [P.MessageType.FRAMES_LOGGED, P.MessageType.FILE_DONE]


def test_the_bell_rings_when_the_interval_passed_since_the_last_write_to_the_pipe(tmp_path):
    chan, out, _ = channel(tmp_path, bell=0.0)
    chan.post(P.MessageType.TEST_STARTED, 1, started(0))
    chan.post(P.MessageType.TEST_RESULT, 1, passed(0))
    assert [f[2]["position"] for f in pipe_frames(out)] == [len(P.frame_bytes(4, 1, started(0))),
                                                          chan._log.position]


def test_the_bell_rings_when_the_log_is_half_full(tmp_path):
    chan, out, reader = channel(tmp_path, capacity=8192)
    i = 0
    while not out.getvalue():
        chan.post(P.MessageType.TEST_RESULT, 1, passed(i))
        i += 1
    assert 4096 < chan._log.position <= 4096 + len(P.frame_bytes(5, 1, passed(i)))
    assert len(reader.read()) == i


def test_a_frame_that_does_not_fit_goes_over_the_pipe_inline_and_so_does_the_rest_of_the_request(tmp_path):
    ring = SharedRing.create(str(tmp_path / "ring"), 1 << 16)
    chan, out, reader = channel(tmp_path, capacity=4096, ring=ring)
    reader.ring = ring
    chan.post(P.MessageType.TEST_STARTED, 1, started(0))
    big = passed(0, longrepr="x" * 2000)
    chan.post(P.MessageType.TEST_RESULT, 1, big)  # through the ring: only its header is logged
    assert len(reader.read()) == 2
    huge = passed(1, longrepr="y" * 5000)
    ring2 = SharedRing.create(str(tmp_path / "ring2"), 4096)  # too small for it: the frame is 5 KB inline
    chan._ring = ring2
    chan.post(P.MessageType.TEST_STARTED, 1, started(1))
    chan.post(P.MessageType.TEST_RESULT, 1, huge)
    chan.post(P.MessageType.TEST_STARTED, 1, started(2))
    chan.send(P.MessageType.FILE_DONE, 1, P.encode_file_done("t.py"))
    assert [(t, d.get("node_id")) for t, _, d in reader.read()] == [(P.MessageType.TEST_STARTED, "t.py::test_1")]
    piped = pipe_frames(out)
    assert [(t, d.get("node_id")) for t, _, d in piped] == [
        (P.MessageType.TEST_RESULT, "t.py::test_1"), (P.MessageType.TEST_STARTED, "t.py::test_2"),
        (P.MessageType.FILE_DONE, None)]
    assert piped[0][2]["longrepr"] == "y" * 5000
    assert header_flags(out.getvalue()) == [0, 0, 0], "pipe frames carry their payloads inline"
    chan.post(P.MessageType.TEST_STARTED, 2, started(3))
    assert reader.read()[0][1] == 2, "the next request logs again"


def test_without_a_log_a_result_waits_in_the_buffer_for_the_next_frame_as_before(tmp_path):
    raw = io.BytesIO()
    out = io.BufferedWriter(raw, 1 << 16)
    chan = Channel(io.BytesIO(), out)
    chan.post(P.MessageType.TEST_STARTED, 1, started(0))
    flushed = len(raw.getvalue())
    chan.post(P.MessageType.TEST_RESULT, 1, passed(0))
    assert len(raw.getvalue()) == flushed
    chan.post(P.MessageType.TEST_STARTED, 1, started(1))
    assert [t for t, _, _ in pipe_frames(raw)] == [P.MessageType.TEST_STARTED, P.MessageType.TEST_RESULT,
                                                   P.MessageType.TEST_STARTED]


def test_a_test_is_announced_in_the_running_slot_and_a_long_id_by_a_frame_with_the_slot_emptied(tmp_path):
    capacity = (1 << 17) + 4  # not a multiple of 8: the slot starts at the next one
    chan, out, reader = channel(tmp_path, capacity=capacity)
    mm = reader.mm
    assert read_slot(mm, capacity) == (0, 0, None)
    chan.started(7, "t.py::test_\u00e9[a-b]")
    assert read_slot(mm, capacity) == (2, 7, "t.py::test_\u00e9[a-b]")
    chan.post(P.MessageType.TEST_RESULT, 7, passed(0))
    chan.started(7, "t.py::test_1")
    assert read_slot(mm, capacity) == (4, 7, "t.py::test_1")
    assert [t for t, _, _ in reader.read()] == [P.MessageType.TEST_RESULT], "no TEST_STARTED frame"
    long_id = "t.py::test_x[" + "y" * SLOT_ID_BYTES + "]"
    chan.started(8, long_id)
    assert read_slot(mm, capacity) == (6, 8, None), "emptied: the slot must not name the test before"
    assert [(t, rid, d["node_id"]) for t, rid, d in reader.read()] == [(P.MessageType.TEST_STARTED, 8, long_id)]
    assert {t for t, _, _ in pipe_frames(out)} == {P.MessageType.FRAMES_LOGGED}, "a doorbell only: over half full"


def test_once_a_request_goes_over_the_pipe_its_tests_are_announced_by_frames_there(tmp_path):
    chan, out, reader = channel(tmp_path, capacity=4096)
    chan.started(1, "t.py::test_0")
    chan.post(P.MessageType.TEST_RESULT, 1, passed(0, longrepr="x" * 5000))  # does not fit: the pipe from now on
    chan.started(1, "t.py::test_1")
    assert read_slot(reader.mm, 4096)[2] == "t.py::test_0"
    chan.send(P.MessageType.FILE_DONE, 1, P.encode_file_done("t.py"))
    assert [(t, d.get("node_id")) for t, _, d in pipe_frames(out)] == [
        (P.MessageType.TEST_RESULT, "t.py::test_0"), (P.MessageType.TEST_STARTED, "t.py::test_1"),
        (P.MessageType.FILE_DONE, None)]
    chan.started(2, "t.py::test_2")
    assert read_slot(reader.mm, 4096)[1:] == (2, "t.py::test_2"), "the next request uses the slot again"


def test_a_log_without_the_slot_gets_frames_as_before(tmp_path):
    path = create(tmp_path / "log", 4096, slot=False)
    chan = Channel(io.BytesIO(), io.BytesIO(), None, FrameLog.open(path), 600.0)
    chan.started(3, "t.py::test_0")
    assert [(t, d["node_id"]) for t, _, d in Reader(path).read()] == [(P.MessageType.TEST_STARTED, "t.py::test_0")]


@pytest.mark.parametrize("slot", [True, False], ids=["slot", "no-slot"])
@pytest.mark.parametrize("crash", ["os._exit(3)", "os.kill(os.getpid(), signal.SIGKILL)", "ctypes.string_at(0)"])
def test_a_worker_that_dies_mid_file_leaves_every_frame_in_the_log(tmp_path, crash, slot):
    src = "import ctypes, os, signal\n\n" + "".join("def test_%d():\n    pass\n\n" % i for i in range(20))
    src += "def test_crash():\n    %s\n\ndef test_after():\n    pass\n" % crash
    (tmp_path / "test_c.py").write_text(src)
    path = create(tmp_path / "worker.log", 1 << 16, slot)
    reader = Reader(path)
    boot = "import sys; sys.path.append(%r); from dx_py_test_runner.worker import main; main()" % WORKER_DIR
    env = dict(os.environ, DXPY_FRAMELOG=path, DXPY_BELL_MS="600000")
    p = subprocess.Popen([sys.executable, "-c", boot], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=str(tmp_path), env=env)
    assert P.read_frame(p.stdout).type == P.MessageType.HELLO
    assert not os.path.exists(path), "the worker unlinks the log once mapped"
    ids = ["test_c.py::test_%d" % i for i in range(20)] + ["test_c.py::test_crash", "test_c.py::test_after"]
    P.write_frame(p.stdin, P.MessageType.CONFIGURE, 0,
                  P.encode_configure(str(tmp_path), ["test_*.py"], ["Test"], ["test"], [], [], 0))
    P.write_frame(p.stdin, P.MessageType.RUN_FILE, 5, P.encode_run_file("test_c.py", [(i, False) for i in ids]))
    assert p.wait(timeout=30) != 0
    assert p.stdout.read() == b"", "no test frame went over the pipe"
    logged = [(t, d["node_id"]) for t, _, d in reader.read()]
    expected = []
    for i in ids[:20]:
        expected += ([] if slot else [(P.MessageType.TEST_STARTED, i)]) + [(P.MessageType.TEST_RESULT, i)]
    if slot:
        assert logged == expected
        assert read_slot(reader.mm, 1 << 16)[1:] == (5, "test_c.py::test_crash")
    else:
        assert logged == expected + [(P.MessageType.TEST_STARTED, "test_c.py::test_crash")]

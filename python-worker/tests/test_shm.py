"""Shared-memory payloads: ring round trips, wrap-around, bad references, and a real worker using its ring."""
import io
import os
import random
import struct
import subprocess
import sys
import textwrap

import pytest

from dx_py_test_runner import protocol as P
from dx_py_test_runner.shm import SharedRing, THRESHOLD

WORKER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(P.__file__)))


def failing(i, size):
    return P.encode_test_result("t.py::test_%d" % i, "failed", i, "assert %d" % i, "x" * size, "o" * (size // 2))


def test_large_payloads_go_through_the_ring_small_ones_inline(tmp_path):
    ring = SharedRing.create(str(tmp_path / "r"), 1 << 16)
    small = P.encode_test_started("t.py::test_small")
    assert len(P.frame_bytes(P.MessageType.TEST_STARTED, 1, small, ring)) == 32 + len(small)
    for i in range(40):
        payload = failing(i, 1500 + i * 10)
        data = P.frame_bytes(P.MessageType.TEST_RESULT, i, payload, ring)
        assert len(data) == 32 and struct.unpack_from("<I", data, 8)[0] == P.FLAG_SHARED_MEMORY
        frame = P.decode_frame(data, ring)
        assert frame == (P.MessageType.TEST_RESULT, i, payload)
        assert P.decode(frame.type, frame.payload)["longrepr"] == "x" * (1500 + i * 10)


def test_a_reader_that_falls_behind_gets_inline_frames_and_nothing_is_overwritten(tmp_path):
    ring = SharedRing.create(str(tmp_path / "r"), 8192)
    rnd = random.Random(5)
    inline = 0
    for rnd_no in range(20):
        stream = io.BytesIO()
        sent = []
        for i in range(6):
            payload = failing(rnd_no * 10 + i, 1500 + rnd.randrange(1500))
            sent.append(payload)
            before = stream.tell()
            P.write_frame(stream, P.MessageType.TEST_RESULT, i, payload, ring)
            inline += stream.tell() - before > 32
        stream.seek(0)
        got = [P.read_frame(stream, ring).payload for _ in sent]
        assert got == sent and P.read_frame(stream, ring) is None
    assert inline > 0


@pytest.mark.parametrize("offset,length", [(4000, 1200), (0, 5000), (4095, 2)])
def test_references_outside_the_ring_are_protocol_errors(tmp_path, offset, length):
    ring = SharedRing.create(str(tmp_path / "r"), 4096)
    data = bytearray(P.frame_bytes(P.MessageType.TEST_RESULT, 1, failing(1, 1200), ring))
    struct.pack_into("<II", data, 12, length, 0)
    struct.pack_into("<I", data, 28, offset)
    with pytest.raises(P.ProtocolError) as e:
        P.read_frame(io.BytesIO(bytes(data)), ring)
    assert e.value.kind == P.BAD_SHARED_MEMORY and "outside the 4096-byte ring" in str(e.value)


def test_fuzzed_shared_headers_only_yield_protocol_errors_or_valid_frames(tmp_path):
    ring = SharedRing.create(str(tmp_path / "r"), 1 << 14)
    rnd = random.Random(11)
    decoded = 0
    for i in range(3000):
        data = bytearray(P.frame_bytes(P.MessageType.TEST_RESULT, i, failing(i, 1100 + rnd.randrange(3000)), ring))
        k = i % 4
        if k == 0:
            struct.pack_into("<I", data, 28, rnd.getrandbits(32))
        elif k == 1:
            struct.pack_into("<I", data, 12, rnd.randrange(1 << 15))
        elif k == 2:
            data[8 + rnd.randrange(24)] ^= 1 << rnd.randrange(8)
        try:
            f = P.decode_frame(bytes(data), ring)
            P.decode(f.type, f.payload)
            decoded += 1
        except P.ProtocolError as e:
            assert str(e) and e.kind in P.KINDS
    assert decoded > 600


def test_a_worker_sends_long_results_through_the_ring_named_by_DXPY_SHM(tmp_path):
    (tmp_path / "test_big.py").write_text(textwrap.dedent("""
        def test_big_failure():
            print("out" * 1000)
            assert "a" * 3000 == "b"
    """))
    ring_path = str(tmp_path / "worker.ring")
    ring = SharedRing.create(ring_path, 1 << 16)
    boot = "import sys; sys.path.append(%r); from dx_py_test_runner.worker import main; main()" % WORKER_DIR
    env = dict(os.environ, DXPY_SHM=ring_path)
    p = subprocess.Popen([sys.executable, "-c", boot], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=str(tmp_path), env=env)
    assert P.read_frame(p.stdout, ring).type == P.MessageType.HELLO
    P.write_frame(p.stdin, P.MessageType.CONFIGURE, 0,
                  P.encode_configure(str(tmp_path), ["test_*.py"], ["Test"], ["test"], [], [], 0))
    P.write_frame(p.stdin, P.MessageType.RUN_FILE, 5,
                  P.encode_run_file("test_big.py", [("test_big.py::test_big_failure", False)]))
    shared = []
    while True:
        header = p.stdout.peek(32)[:32]
        shared.append(struct.unpack_from("<I", header, 8)[0] & 1)
        f = P.read_frame(p.stdout, ring)
        if f.type == P.MessageType.TEST_RESULT:
            r = P.decode(f.type, f.payload)
            assert r["outcome"] == "failed" and "out" * 1000 in r["stdout"]
        if f.type == P.MessageType.FILE_DONE:
            break
    p.stdin.close()
    assert p.wait(timeout=10) == 0
    assert shared == [0, 1, 0]  # TEST_STARTED inline, the long TEST_RESULT through the ring, FILE_DONE inline
    assert not os.path.exists(ring_path), "the worker unlinks the ring once mapped"

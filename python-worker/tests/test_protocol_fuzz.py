"""Random and mutated frames thrown at protocol.py: only ProtocolError or a valid message ever comes out."""

import io
import random
import struct
import zlib

from hypothesis import given, settings, strategies as st

from dx_py_test_runner import protocol as p

T = p.MessageType


def seeds():
    rnd = random.Random(7)
    word = lambda: "".join(rnd.choice("ab/:[]\u00e9\u4e2d\U0001F600") for _ in range(rnd.randrange(12)))
    out = [
        p.frame_bytes(T.HELLO, 1, p.encode_hello(123, "3.11.7", "cpython", "0.1.0")),
        p.frame_bytes(T.CONFIGURE, 2, p.encode_configure("/r", ["test_*.py"], ["Test"], ["test"], ["/r", "/s"],
                                                         ["m"], 5000)),
        p.frame_bytes(T.SHUTDOWN, 7, p.encode_shutdown("done")),
        p.frame_bytes(T.HEARTBEAT, 8, p.encode_heartbeat(2 ** 62)),
        p.frame_bytes(T.WORKER_ERROR, 9, p.encode_worker_error("boom", "tb", True)),
        p.frame_bytes(T.FILE_DONE, 6, p.encode_file_done("a.py", "ImportError", 3, "Traceback")),
        p.frame_bytes(T.TEST_STARTED, 4, p.encode_test_started("a.py::t")),
        p.frame_bytes(T.FRAMES_LOGGED, 13, p.encode_frames_logged(2 ** 40)),
        p.frame_bytes(T.CONFIGURE, 2, p.encode_configure("/r", ["test_*.py"], [], [], [], [], 0,
                                                         [("db", "conftest.py", "ab" * 32)], ["a.py", "t/b.py"])),
        p.frame_bytes(T.COLLECTED, 14, p.encode_collected([("/r/a.py", 12, 2 ** 60), ("/r/t", -1, 0), ("", 0, 0)])),
    ]
    for i in range(6):
        out.append(p.frame_bytes(T.RUN_FILE, 3, p.encode_run_file(word(), [(word(), rnd.random() < .5)
                                                                           for _ in range(rnd.randrange(6))])))
        out.append(p.frame_bytes(T.TEST_RESULT, 5, p.encode_test_result(
            word(), rnd.choice(p.OUTCOMES), rnd.randrange(-2 ** 40, 2 ** 40), word(), word(), word(), word(),
            word(), rnd.random() < .5)))
        out.append(p.frame_bytes(T.COLLECTED, 14, p.encode_collected(
            [(word(), rnd.choice([-1, 0, 3, 2 ** 33]), rnd.randrange(2 ** 62)) for _ in range(rnd.randrange(5))])))
    return out


SEEDS = seeds()


def fix_crc(data):
    if len(data) >= 32:
        struct.pack_into("<I", data, 24, zlib.crc32(bytes(data[32:])))
    return data


def mutate(rnd, i):
    data = bytearray(rnd.choice(SEEDS))
    kind = i % 7
    if kind == 0:
        data = bytearray(rnd.getrandbits(8) for _ in range(rnd.randrange(100)))
        if len(data) >= 4 and rnd.random() < .5:
            data[:4] = p.MAGIC
    elif kind == 1:
        for _ in range(rnd.randrange(1, 8)):
            data[rnd.randrange(len(data))] ^= 1 << rnd.randrange(8)
    elif kind == 2:
        data = data[:rnd.randrange(len(data) + 1)]
    elif kind == 3:
        struct.pack_into("<I", data, 12, rnd.choice([rnd.getrandbits(32), rnd.randrange(2 * len(data))]))
    elif kind in (4, 5):
        for _ in range(rnd.randrange(1, 6)):
            data[rnd.randrange(32, len(data))] ^= 1 << rnd.randrange(8)
        fix_crc(data)
    else:
        at = 32 + 4 * rnd.randrange((len(data) - 32) // 4)
        struct.pack_into("<i", data, at, rnd.choice([rnd.randrange(64), -rnd.randrange(64),
                                                     rnd.getrandbits(31), 2 ** 31 - 1]))
        fix_crc(data)
    return bytes(data)


def check(data):
    """Decodes every way there is; returns the error kinds seen."""
    kinds = []
    try:
        frame = p.decode_frame(data)
        fields = p.decode(frame.type, frame.payload)
        again = p.decode(frame.type, p.encode(frame.type, fields))
        fields.pop("protocol_version", None)  # encode_hello always sends its own version
        again.pop("protocol_version", None)
        assert again == fields
    except p.ProtocolError as e:
        assert e.kind in p.KINDS and str(e)
        kinds.append(e.kind)
    stream = io.BytesIO(data)
    try:
        for _ in range(3):
            frame = p.read_frame(stream)
            if frame is None:
                break
            p.decode(frame.type, frame.payload)
    except p.ProtocolError as e:
        kinds.append(e.kind)
    return kinds


def test_seeded_mutations_only_raise_protocol_errors():
    rnd = random.Random(20240611)
    kinds = {}
    for i in range(6000):
        for kind in check(mutate(rnd, i)):
            kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds.get(p.BAD_PAYLOAD, 0) > 500, kinds  # the payload verifier is exercised, not only the header


@settings(database=None, deadline=None, max_examples=400)
@given(st.sampled_from(list(T)), st.binary(max_size=200))
def test_random_payloads_under_a_valid_header_only_raise_protocol_errors(msg_type, payload):
    check(p.frame_bytes(msg_type, 1, payload))


@settings(database=None, deadline=None, max_examples=300)
@given(st.binary(max_size=120))
def test_random_bytes_only_raise_protocol_errors(data):
    check(data)

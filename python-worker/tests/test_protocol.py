"""protocol.py: round trips of every message, each error kind, byte layout of the header."""

import io
import struct
import zlib

import pytest
from hypothesis import given, settings, strategies as st

from dx_py_test_runner import protocol as p

T = p.MessageType
SETTINGS = settings(database=None, deadline=None, max_examples=150)

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
i32 = st.integers(-2 ** 31, 2 ** 31 - 1)
i64 = st.integers(-2 ** 63, 2 ** 63 - 1)
u64 = st.integers(0, 2 ** 64 - 1)
lists = st.lists(texts, max_size=8)

MESSAGES = {
    T.HELLO: st.fixed_dictionaries({"pid": i32, "python_version": texts, "implementation": texts,
                                    "worker_version": texts}),
    T.CONFIGURE: st.fixed_dictionaries({"rootdir": texts, "python_files": lists, "python_classes": lists,
                                        "python_functions": lists, "sys_path": lists, "preload": lists,
                                        "timeout_ms": i64,
                                        "fixture_keys": st.lists(st.tuples(texts, texts, texts), max_size=4),
                                        "collect_ahead": lists}),
    T.RUN_FILE: st.fixed_dictionaries({"file": texts, "tests": st.lists(st.tuples(texts, st.booleans()),
                                                                         max_size=30),
                                       "collect_only": st.booleans()}),
    T.TEST_STARTED: st.fixed_dictionaries({"node_id": texts}),
    T.TEST_RESULT: st.fixed_dictionaries({"node_id": texts, "outcome": st.sampled_from(p.OUTCOMES),
                                          "duration_ns": i64, "message": texts, "longrepr": texts,
                                          "stdout": texts, "stderr": texts, "log": texts,
                                          "runtime_expanded": st.booleans(), "fallback_reason": texts,
                                          "phase": st.sampled_from(p.PHASES)}),
    T.FILE_DONE: st.fixed_dictionaries({"file": texts, "error": texts, "error_line": i32, "longrepr": texts,
                                        "ignored": st.booleans()}),
    T.SHUTDOWN: st.fixed_dictionaries({"reason": texts}),
    T.HEARTBEAT: st.fixed_dictionaries({"sent_ns": i64}),
    T.WORKER_ERROR: st.fixed_dictionaries({"message": texts, "traceback": texts, "fatal": st.booleans()}),
    T.CLIENT_REQUEST: st.fixed_dictionaries({"cwd": texts, "args": lists, "env": lists}),
    T.CLIENT_OUTPUT: st.fixed_dictionaries({"text": texts, "done": st.booleans(), "exit_code": i32}),
    T.STOP_FILE: st.fixed_dictionaries({"file": texts, "before": texts}),
    T.FRAMES_LOGGED: st.fixed_dictionaries({"position": i64}),
    T.COLLECTED: st.fixed_dictionaries({"stamps": st.lists(st.one_of(st.tuples(texts, st.just(-1), st.just(0)),
                                                                      st.tuples(texts, i64, i64)), max_size=12)}),
}
messages = st.sampled_from(list(T)).flatmap(lambda t: st.tuples(st.just(t), MESSAGES[t]))


def expected(msg_type, fields):
    if msg_type == T.HELLO:
        return dict(fields, protocol_version=p.VERSION)
    return fields


@SETTINGS
@given(messages, u64)
def test_every_message_survives_encode_write_read_decode(message, request_id):
    msg_type, fields = message
    payload = p.ENCODERS[msg_type](**fields)
    stream = io.BytesIO()
    p.write_frame(stream, msg_type, request_id, payload)
    stream.seek(0)
    frame = p.read_frame(stream)
    assert frame == p.Frame(msg_type, request_id, payload)
    assert p.read_frame(stream) is None
    assert p.decode(frame.type, frame.payload) == expected(msg_type, fields)
    assert p.decode_frame(stream.getvalue()) == frame


@SETTINGS
@given(st.fixed_dictionaries({"node_id": st.text(max_size=40), "outcome": st.sampled_from(p.OUTCOMES),
                              "duration_ns": i64, "message": st.text(max_size=40),
                              "longrepr": st.text(max_size=200), "stdout": st.text(max_size=40),
                              "stderr": st.text(max_size=40), "log": st.text(max_size=40),
                              "runtime_expanded": st.booleans()}))
def test_fast_test_result_layout_is_byte_identical_to_the_generated_builder(fields):
    assert p.encode_test_result(**fields) == p._encode_test_result_builder(**fields)


@SETTINGS
@given(st.text(min_size=1, max_size=300), st.sampled_from(p.OUTCOMES), i64, st.booleans())
def test_bare_result_layout_is_byte_identical_to_the_generated_builder(node_id, outcome, duration_ns, expanded):
    """Only node_id set (most passed tests): the unrolled layout."""
    assert p.encode_test_result(node_id, outcome, duration_ns, runtime_expanded=expanded) == \
        p._encode_test_result_builder(node_id, outcome, duration_ns, runtime_expanded=expanded)


@SETTINGS
@given(st.text(max_size=300), st.sampled_from(["", "E"]), st.sampled_from([0, 3]), st.sampled_from(["", "tb"]),
       st.booleans())
def test_file_done_layout_is_byte_identical_to_the_generated_builder(file, error, line, longrepr, ignored):
    assert p.encode_file_done(file, error, line, longrepr, ignored) == \
        p._encode_file_done_builder(file, error, line, longrepr, ignored)


def test_a_fallback_reason_round_trips_and_is_absent_from_native_results():
    native = p.encode_test_result("a::b", "passed", 5)
    assert p.decode_test_result(native)["fallback_reason"] == ""
    fb = p.encode_test_result("a::b", "failed", 5, message="m", fallback_reason="conftest.py uses pytest_x")
    got = p.decode_test_result(fb)
    assert got["fallback_reason"] == "conftest.py uses pytest_x" and got["outcome"] == "failed"
    assert got["message"] == "m"


@SETTINGS
@given(st.text(max_size=300))
def test_fast_test_started_layout_is_byte_identical_to_the_generated_builder(node_id):
    assert p.encode_test_started(node_id) == p._encode_test_started_builder(node_id)
    assert p.decode_test_started(p.encode_test_started(node_id)) == {"node_id": node_id}


@SETTINGS
@given(st.text(max_size=60), st.lists(st.tuples(st.text(max_size=80), st.booleans()), max_size=30), st.booleans())
def test_fast_run_file_reader_reads_what_the_generated_reader_reads(file, tests, collect_only):
    payload = p.encode_run_file(file, tests, collect_only)
    expected = {"file": file, "tests": [(n, e) for n, e in tests], "collect_only": collect_only}
    assert p.decode_run_file(payload) == p._decode_run_file_generated(payload) == expected


def mutated(rnd, payload):
    """payload with one to three random byte changes, truncations or appended bytes."""
    payload = bytearray(payload)
    for _ in range(rnd.randint(1, 3)):
        op = rnd.random()
        if op < .6 and payload:
            payload[rnd.randrange(len(payload))] = rnd.randrange(256)
        elif op < .8 and payload:
            del payload[rnd.randrange(len(payload)):]
        else:
            payload += bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 8)))
    return bytes(payload)


def test_one_pass_run_file_reader_accepts_exactly_what_the_verifier_accepts():
    """Mutated RunFile payloads: where _verify (through the ordinary decoder) raises, the one-pass reader turns
    the payload down; where it accepts, both read the same; decode_run_file raises the verifier's error."""
    import random
    rnd = random.Random(4)

    def word():
        return "".join(rnd.choice("ab:[]\u00e9\u00ff") for _ in range(rnd.randint(0, 10)))
    accepted = rejected = 0
    for _ in range(4000):
        buf = mutated(rnd, p.encode_run_file(word(), [(word(), rnd.random() < .5) for _ in range(rnd.randint(0, 4))],
                                             rnd.random() < .3))
        try:
            expected = p._decode_run_file_verified(buf)
        except p.ProtocolError as e:
            with pytest.raises(p.ProtocolError) as got:
                p.decode_run_file(buf)
            assert str(got.value) == str(e)
            rejected += 1
        else:
            assert p._run_file_checked(buf) == expected == p.decode_run_file(buf)
            accepted += 1
    assert accepted > 500 and rejected > 500


def test_fast_run_file_reader_reports_bad_utf8_as_a_protocol_error():
    payload = bytearray(p.encode_run_file("f.py", [("t::x", False)]))
    payload[payload.index(b"t::x")] = 0xFF
    with pytest.raises(p.ProtocolError, match="malformed RunFile payload"):
        p.decode_run_file(bytes(payload))


def test_each_decoder_function_is_named_after_its_message():
    for msg_type in T:
        name = msg_type.name.lower()
        assert getattr(p, "decode_" + name) is p.DECODERS[msg_type]
        assert getattr(p, "encode_" + name) is p.ENCODERS[msg_type]


def test_defaults_and_absent_fields_decode_as_empty():
    assert p.decode_test_result(p.encode_test_result("a::b", "passed", 0)) == {
        "node_id": "a::b", "outcome": "passed", "duration_ns": 0, "message": "", "longrepr": "", "stdout": "",
        "stderr": "", "log": "", "runtime_expanded": False, "fallback_reason": "", "phase": "call"}
    assert p.decode_file_done(p.encode_file_done("a.py")) == {"file": "a.py", "error": "", "error_line": 0,
                                                              "longrepr": "", "ignored": False}
    assert p.decode_shutdown(p.encode_shutdown()) == {"reason": ""}
    assert p.decode_worker_error(p.encode_worker_error("x")) == {"message": "x", "traceback": "", "fatal": False}
    assert p.decode_run_file(p.encode_run_file("", [])) == {"file": "", "tests": [], "collect_only": False}
    assert p.decode_run_file(p.encode_run_file("a.py", [("a.py::t", True)], True))["collect_only"] is True
    assert p.decode_file_done(p.encode_file_done("a.py", ignored=True))["ignored"] is True


def test_lone_surrogates_are_sent_as_question_marks_like_java():
    assert p.decode_test_started(p.encode_test_started("a\udc80b"))["node_id"] == "a?b"


def test_a_phase_round_trips_and_the_fast_layout_of_a_call_is_unchanged():
    for phase in ("setup", "teardown"):
        got = p.decode_test_result(p.encode_test_result("a::b", "error", 5, message="E: x", phase=phase))
        assert (got["outcome"], got["message"], got["phase"]) == ("error", "E: x", phase)
    assert p.encode_test_result("a::b", "failed", 5, "m", phase="call") == p.encode_test_result("a::b", "failed", 5, "m")
    with pytest.raises(ValueError, match="phase 'during' is not one of call, setup, teardown"):
        p.encode_test_result("a", "error", 0, phase="during")


def test_a_phase_code_past_teardown_is_a_malformed_payload():
    from dx_py_test_runner._fb import TestResult as fb
    from dx_py_test_runner._vendor import flatbuffers
    b = flatbuffers.Builder(64)
    node = b.CreateString("a::b")
    fb.TestResultStart(b)
    fb.TestResultAddNodeId(b, node)
    fb.TestResultAddPhase(b, 3)
    b.Finish(fb.TestResultEnd(b))
    with pytest.raises(p.ProtocolError, match="phase 3 is not one of 0..2"):
        p.decode_test_result(bytes(b.Output()))


def test_unknown_outcome_is_a_programming_error():
    with pytest.raises(ValueError, match="outcome 'broken' is not one of passed"):
        p.encode_test_result("a", "broken", 0)


def test_header_layout():
    payload = p.encode_heartbeat(7)
    data = p.frame_bytes(T.HEARTBEAT, 0x0102030405060708, payload)
    assert data[:4] == b"DXPY"
    assert struct.unpack_from("<HHIIQII", data, 4) == (1, 8, 0, len(payload), 0x0102030405060708,
                                                       zlib.crc32(payload), 0)
    assert data[32:] == payload


class Trickle(io.RawIOBase):
    """Returns at most one byte per read, like a pipe under load."""

    def __init__(self, data):
        self.data = io.BytesIO(data)

    def readable(self):
        return True

    def read(self, n=-1):
        return self.data.read(min(n, 1) if n and n > 0 else 1)


def test_short_reads_are_completed():
    data = p.frame_bytes(T.SHUTDOWN, 3, p.encode_shutdown("bye")) * 2
    stream = Trickle(data)
    assert p.decode(*p.read_frame(stream)[::2]) == {"reason": "bye"}
    assert p.read_frame(stream).request_id == 3
    assert p.read_frame(stream) is None


class PartialWriter(io.RawIOBase):
    """Accepts at most five bytes per write, like a raw pipe."""

    def __init__(self):
        self.out = bytearray()
        self.flushed = False

    def writable(self):
        return True

    def write(self, b):
        chunk = bytes(b[:5])
        self.out += chunk
        return len(chunk)

    def flush(self):
        self.flushed = True


def test_partial_writes_are_completed_and_flushed():
    sink = PartialWriter()
    p.write_frame(sink, T.TEST_STARTED, 9, p.encode_test_started("t::x"))
    assert sink.flushed
    assert p.decode_test_started(p.decode_frame(bytes(sink.out)).payload) == {"node_id": "t::x"}


# ------------------------------------------------------------------------------------------- error kinds

def valid():
    return bytearray(p.frame_bytes(T.TEST_STARTED, 7, p.encode_test_started("tests/test_a.py::test_one")))


def patched(fmt, offset, value):
    data = valid()
    struct.pack_into(fmt, data, offset, value)
    return bytes(data)


def with_payload(msg_type, payload):
    return p.frame_bytes(msg_type, 1, bytes(payload))


def field_at(payload, index):
    table = struct.unpack_from("<I", payload, 0)[0]
    vtable = table - struct.unpack_from("<i", payload, table)[0]
    offset = struct.unpack_from("<H", payload, vtable + 4 + 2 * index)[0]
    assert offset
    return table + offset


def read_error(data):
    with pytest.raises(p.ProtocolError) as e:
        p.read_frame(io.BytesIO(data))
    return e.value


def decode_error(data):
    with pytest.raises(p.ProtocolError) as e:
        frame = p.decode_frame(data)
        p.decode(frame.type, frame.payload)
    return e.value


def test_truncated_header():
    e = read_error(bytes(valid()[:20]))
    assert (e.kind, "20 of 32 bytes" in str(e)) == (p.TRUNCATED_HEADER, True)


def test_bad_magic_names_the_bytes_and_shows_them_as_text():
    e = read_error(b"ABCD a print() to stdout, oops!!! and more")
    assert e.kind == p.BAD_MAGIC
    assert str(e).startswith("bad magic 0x41424344, expected 0x44585059 ('DXPY')")
    assert "ABCD a print() to stdout" in str(e)


def test_unsupported_version():
    e = decode_error(patched("<H", 4, 2))
    assert e.kind == p.UNSUPPORTED_VERSION and "protocol version 2 is not supported, expected 1" in str(e)


def test_unknown_type():
    e = decode_error(patched("<H", 6, 15))
    assert e.kind == p.UNKNOWN_TYPE and "unknown message type 15, expected 1..14" in str(e)
    assert decode_error_of(lambda: p.decode(42, b"")).kind == p.UNKNOWN_TYPE


def decode_error_of(call):
    with pytest.raises(p.ProtocolError) as e:
        call()
    return e.value


def test_flags():
    e = decode_error(patched("<I", 8, 1)[:32])
    assert e.kind == p.BAD_SHARED_MEMORY and "no shared memory ring" in str(e)
    e = decode_error(patched("<I", 8, 0x10))
    assert e.kind == p.BAD_FLAGS and "unknown flags 0x00000010" in str(e)


def test_length_too_large():
    e = read_error(patched("<I", 12, p.MAX_PAYLOAD + 1))
    assert e.kind == p.LENGTH_TOO_LARGE and "payload length 67108865" in str(e)
    with pytest.raises(p.ProtocolError) as too_big:
        p.frame_bytes(T.SHUTDOWN, 1, b"\0" * (p.MAX_PAYLOAD + 1))
    assert too_big.value.kind == p.LENGTH_TOO_LARGE


def test_truncated_payload():
    data = bytes(valid())
    e = read_error(data[:-3])
    assert e.kind == p.TRUNCATED_PAYLOAD and "%d of %d bytes" % (len(data) - 35, len(data) - 32) in str(e)


def test_bad_checksum():
    data = valid()
    data[-2] ^= 0x40
    e = read_error(bytes(data))
    assert e.kind == p.BAD_CHECKSUM and "does not match the header's" in str(e)


def test_bad_payloads():
    assert decode_error(with_payload(T.HEARTBEAT, b"\1\2")).kind == p.BAD_PAYLOAD
    e = decode_error(with_payload(T.HEARTBEAT, b"\xf0\0\0\0\0\0\0\0"))
    assert e.kind == p.BAD_PAYLOAD and "Heartbeat: table at 240 is outside the payload" in str(e)
    payload = bytearray(valid()[32:])
    at = field_at(payload, 0)
    struct.pack_into("<I", payload, at + struct.unpack_from("<I", payload, at)[0], 1000)
    e = decode_error(with_payload(T.TEST_STARTED, payload))
    assert e.kind == p.BAD_PAYLOAD and "TestStarted.node_id" in str(e)
    e = decode_error(bytes(valid()) + b"\0")
    assert e.kind == p.BAD_PAYLOAD and "1 bytes after its" in str(e)


def test_outcome_out_of_range_and_invalid_utf8_are_bad_payloads():
    payload = bytearray(p.encode_test_result("t", "xpassed", 0))
    payload[field_at(payload, 1)] = 9
    e = decode_error(with_payload(T.TEST_RESULT, payload))
    assert e.kind == p.BAD_PAYLOAD and "outcome 9 is not one of 0..5" in str(e)
    payload = bytearray(valid()[32:])
    at = field_at(payload, 0)
    start = at + struct.unpack_from("<I", payload, at)[0] + 4
    payload[start:start + 2] = b"\xc3\x28"
    e = decode_error(with_payload(T.TEST_STARTED, payload))
    assert e.kind == p.BAD_PAYLOAD and "UnicodeDecodeError" in str(e)


def test_reserved_not_zero():
    e = decode_error(patched("<I", 28, 0xCAFE))
    assert e.kind == p.RESERVED_NOT_ZERO and "0x0000CAFE" in str(e)


def test_kinds_match_the_java_names():
    assert p.KINDS == ("TRUNCATED_HEADER", "BAD_MAGIC", "UNSUPPORTED_VERSION", "UNKNOWN_TYPE", "BAD_FLAGS",
                       "LENGTH_TOO_LARGE", "TRUNCATED_PAYLOAD", "BAD_CHECKSUM", "BAD_PAYLOAD", "RESERVED_NOT_ZERO",
                       "BAD_SHARED_MEMORY")


def test_importing_the_protocol_does_not_import_numpy():
    """The vendored flatbuffers would import numpy when installed: 0.1 s of every worker's start."""
    import os
    import subprocess
    import sys
    pkg_parent = os.path.dirname(os.path.dirname(p.__file__))
    out = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, %r); "
                          "import dx_py_test_runner.protocol; print('numpy' in sys.modules)" % pkg_parent],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


def test_configure_carries_collect_ahead_after_the_fixture_keys():
    payload = p.encode_configure("/r", ["test_*.py"], [], [], [], ["numpy"], 0, [("db", "conftest.py", "ab" * 32)],
                                 ["tests/test_a.py", "tests/sub/test_\u00e9.py"])
    got = p.decode_configure(payload)
    assert got["collect_ahead"] == ["tests/test_a.py", "tests/sub/test_\u00e9.py"]
    assert got["fixture_keys"] == [("db", "conftest.py", "ab" * 32)] and got["preload"] == ["numpy"]
    assert p.decode_configure(p.encode_configure("/r", [], [], [], [], [], 0))["collect_ahead"] == []


def test_collected_carries_stamps_of_missing_and_empty_paths_in_order():
    stamps = [("/r/tests/test_a.py", 812, 1717000000123456789), ("/r/tests", 4096, 1717000000000000000),
              ("/r/conftest.py", -1, 0), ("", 0, 0), ("/r/a", 2 ** 63 - 1, -2 ** 63),
              ("/r/tests/test_a.py", 812, 1717000000123456789)]
    payload = p.encode_collected(stamps)
    assert p.decode(T.COLLECTED, payload) == {"stamps": stamps}
    assert p.decode_collected(p.encode_collected([])) == {"stamps": []}
    frame = p.decode_frame(p.frame_bytes(T.COLLECTED, 3, payload))
    assert (frame.type, p.decode(frame.type, frame.payload)) == (T.COLLECTED, {"stamps": stamps})


def test_mutated_collected_payloads_raise_protocol_errors_or_decode_to_stamps():
    import random
    rnd = random.Random(14)
    rejected = 0
    for _ in range(3000):
        stamps = [("/r/" + "x\u00e9/"[: rnd.randint(0, 3)] * rnd.randint(0, 4), rnd.choice([-1, 0, 5, 2 ** 40]),
                   rnd.choice([0, 1, 2 ** 62])) for _ in range(rnd.randint(0, 4))]
        payload = mutated(rnd, p.encode_collected(stamps))
        try:
            got = p.decode(T.COLLECTED, bytes(payload))
        except p.ProtocolError as e:
            assert e.kind == p.BAD_PAYLOAD and "Collected" in str(e)
            rejected += 1
            continue
        assert all(isinstance(path, str) and isinstance(size, int) and isinstance(mtime, int)
                   for path, size, mtime in got["stamps"])
        assert p.decode(T.COLLECTED, p.encode(T.COLLECTED, got)) == got
    assert rejected > 1000

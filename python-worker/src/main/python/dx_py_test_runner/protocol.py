"""The engine<->worker wire protocol: a 32-byte little-endian header, then a FlatBuffers payload.

Header (see site/protocol.md and the Java side, dev.dxpy.core.protocol.FrameCodec):

     0  4  magic "DXPY"            16  8  request id u64
     4  2  version u16 = 1         24  4  CRC32 of the payload (zlib.crc32)
     6  2  message type u16        28  4  reserved, 0; with flag bit 0: the payload's offset in the ring
     8  4  flags u32 (bit 0: payload in the sender's shared memory ring, see shm.py)
    12  4  payload length u32 (at most 64 MiB)

With flag bit 0 no payload follows the header on the stream: it is at the header's offset in the sender's
ring (dx_py_test_runner.shm.SharedRing), with the header's length and CRC32.

The payload's root table is the table named like the message type in dxpy.fbs. Encoders return payload
bytes, decoders take payload bytes and return dicts with the encoders' argument names as keys. Empty
strings and lists are left out of the payload and decode as empty; objects are built in the same order as
the Java encoder, so both sides produce the same bytes for the same message.
"""

import enum
import struct
import zlib
from collections import namedtuple

from dx_py_test_runner._vendor import flatbuffers
from dx_py_test_runner._fb import ClientOutput as _ClientOutput
from dx_py_test_runner._fb import ClientRequest as _ClientRequest
from dx_py_test_runner._fb import Collected as _Collected
from dx_py_test_runner._fb import Configure as _Configure
from dx_py_test_runner._fb import FixtureKey as _FixtureKey
from dx_py_test_runner._fb import FileDone as _FileDone
from dx_py_test_runner._fb import FileStamp as _FileStamp
from dx_py_test_runner._fb import FramesLogged as _FramesLogged
from dx_py_test_runner._fb import Heartbeat as _Heartbeat
from dx_py_test_runner._fb import Hello as _Hello
from dx_py_test_runner._fb import RunFile as _RunFile
from dx_py_test_runner._fb import Shutdown as _Shutdown
from dx_py_test_runner._fb import StopFile as _StopFile
from dx_py_test_runner._fb import TestRef as _TestRef
from dx_py_test_runner._fb import TestResult as _TestResult
from dx_py_test_runner._fb import TestStarted as _TestStarted
from dx_py_test_runner._fb import WorkerError as _WorkerError

HEADER_SIZE = 32
MAGIC = b"DXPY"
VERSION = 1
MAX_PAYLOAD = 64 << 20
FLAG_SHARED_MEMORY = 1

_HEADER = struct.Struct("<4sHHIIQII")
_MAGIC_INT = 0x44585059  # "DXPY" read big-endian, as the messages print it


class MessageType(enum.IntEnum):
    HELLO = 1  # worker -> engine, first frame
    CONFIGURE = 2  # engine -> worker, once after HELLO
    RUN_FILE = 3  # engine -> worker, run tests of one file
    TEST_STARTED = 4  # worker -> engine
    TEST_RESULT = 5  # worker -> engine, one per test
    FILE_DONE = 6  # worker -> engine, after the tests of a RUN_FILE
    SHUTDOWN = 7  # engine -> worker, finish and exit
    HEARTBEAT = 8  # either way
    WORKER_ERROR = 9  # worker -> engine
    CLIENT_REQUEST = 10  # client -> daemon (Unix domain socket); a worker never receives it
    CLIENT_OUTPUT = 11  # daemon -> client
    STOP_FILE = 12  # engine -> worker, during a RUN_FILE: run no test from `before` on
    FRAMES_LOGGED = 13  # worker -> engine, doorbell: frames wait in the shared-memory frame log (framelog.py)
    COLLECTED = 14  # worker -> engine, once after a CONFIGURE with collect_ahead: what collecting those files read


TRUNCATED_HEADER = "TRUNCATED_HEADER"
BAD_MAGIC = "BAD_MAGIC"
UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION"
UNKNOWN_TYPE = "UNKNOWN_TYPE"
BAD_FLAGS = "BAD_FLAGS"
LENGTH_TOO_LARGE = "LENGTH_TOO_LARGE"
TRUNCATED_PAYLOAD = "TRUNCATED_PAYLOAD"
BAD_CHECKSUM = "BAD_CHECKSUM"
BAD_PAYLOAD = "BAD_PAYLOAD"
RESERVED_NOT_ZERO = "RESERVED_NOT_ZERO"
BAD_SHARED_MEMORY = "BAD_SHARED_MEMORY"
KINDS = (TRUNCATED_HEADER, BAD_MAGIC, UNSUPPORTED_VERSION, UNKNOWN_TYPE, BAD_FLAGS, LENGTH_TOO_LARGE,
         TRUNCATED_PAYLOAD, BAD_CHECKSUM, BAD_PAYLOAD, RESERVED_NOT_ZERO, BAD_SHARED_MEMORY)


class ProtocolError(Exception):
    """A malformed frame; .kind is one of KINDS (the names of Java's ProtocolException.Kind)."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


Frame = namedtuple("Frame", "type request_id payload")

OUTCOMES = ("passed", "failed", "error", "skipped", "xfailed", "xpassed")
_OUTCOME_CODES = {name: code for code, name in enumerate(OUTCOMES)}
PHASES = ("call", "setup", "teardown")  # TestResult.phase: where an error came from, as pytest's report.when
_PHASE_CODES = {name: code for code, name in enumerate(PHASES)}


# ---------------------------------------------------------------------------------------------- frames

def _read_exact(stream, n):
    """Up to n bytes, fewer only at end of stream; reads in chunks so a bad length cannot allocate 64 MiB."""
    chunks = []
    remaining = n
    while remaining > 0:
        chunk = stream.read(min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _printable(header):
    return "".join(chr(c) if 0x20 <= c < 0x7F and c != 0x22 else "." for c in header)


def parse_header(header):
    """Validates a 32-byte header; returns (type, flags, length, request_id, crc) or raises ProtocolError."""
    return _parse_header(header)[:5]


def _parse_header(header):
    """parse_header plus the shared-memory offset (0 unless flag bit 0 is set)."""
    if len(header) < HEADER_SIZE:
        raise ProtocolError(TRUNCATED_HEADER, "frame header truncated: %d of %d bytes before the end of the "
                            "stream; the engine closed the channel mid-frame" % (len(header), HEADER_SIZE))
    magic, version, code, flags, length, request_id, crc, reserved = _HEADER.unpack_from(header, 0)
    if magic != MAGIC:
        raise ProtocolError(BAD_MAGIC, "bad magic 0x%08X, expected 0x%08X ('DXPY'): the peer is not the dxpy "
                            "engine or wrote to the channel (the header read as text: \"%s\")"
                            % (int.from_bytes(magic, "big"), _MAGIC_INT, _printable(header[:HEADER_SIZE])))
    if version != VERSION:
        raise ProtocolError(UNSUPPORTED_VERSION, "protocol version %d is not supported, expected %d: the worker "
                            "files and the engine come from different dxpy versions" % (version, VERSION))
    try:
        msg_type = MessageType(code)
    except ValueError:
        raise ProtocolError(UNKNOWN_TYPE, "unknown message type %d, expected 1..%d: the peer speaks a newer "
                            "protocol or the channel is corrupted" % (code, len(MessageType))) from None
    if flags & ~FLAG_SHARED_MEMORY:
        raise ProtocolError(BAD_FLAGS, "unknown flags 0x%08X on a %s frame: protocol version %d defines only "
                            "bit 0" % (flags, msg_type.name, VERSION))
    shared = flags & FLAG_SHARED_MEMORY
    if reserved and not shared:
        raise ProtocolError(RESERVED_NOT_ZERO, "reserved header word is 0x%08X on a %s frame, expected 0: the "
                            "peer speaks another protocol revision or the channel is corrupted"
                            % (reserved, msg_type.name))
    if length > MAX_PAYLOAD:
        raise ProtocolError(LENGTH_TOO_LARGE, "payload length %d of a %s frame exceeds the maximum of %d bytes "
                            "(64 MiB): the channel is corrupted or the message must be split"
                            % (length, msg_type.name, MAX_PAYLOAD))
    return msg_type, flags, length, request_id, crc, (reserved if shared else 0)


def _shared_payload(msg_type, offset, length, ring):
    if ring is None:
        raise ProtocolError(BAD_SHARED_MEMORY, "a %s frame says its payload is in shared memory (flag bit 0) but "
                            "this channel has no shared memory ring" % msg_type.name)
    payload = ring.take(offset, length)
    if payload is None:
        raise ProtocolError(BAD_SHARED_MEMORY, "shared-memory payload of a %s frame at offset %d with length %d "
                            "lies outside the %d-byte ring %s: the channel is corrupted"
                            % (msg_type.name, offset, length, ring.capacity, ring.path))
    return payload


def _check_payload(msg_type, length, crc, payload):
    if len(payload) < length:
        raise ProtocolError(TRUNCATED_PAYLOAD, "payload truncated: %d of %d bytes of a %s frame before the end "
                            "of the stream; the engine closed the channel mid-frame"
                            % (len(payload), length, msg_type.name))
    actual = zlib.crc32(payload)
    if actual != crc:
        raise ProtocolError(BAD_CHECKSUM, "payload CRC32 0x%08X of a %d-byte %s frame does not match the "
                            "header's 0x%08X: the payload was corrupted in transit"
                            % (actual, length, msg_type.name, crc))


def read_frame(stream, ring=None):
    """The next Frame from a binary stream, None on a clean end of stream before a header.

    Checks the header and the payload's CRC; decode the payload with decode(frame.type, frame.payload).
    Payloads of frames with flag bit 0 are taken from ring (the sender's)."""
    header = _read_exact(stream, HEADER_SIZE)
    if not header:
        return None
    msg_type, flags, length, request_id, crc, offset = _parse_header(header)
    if flags & FLAG_SHARED_MEMORY:
        payload = _shared_payload(msg_type, offset, length, ring)
    else:
        payload = _read_exact(stream, length) if length else b""
    _check_payload(msg_type, length, crc, payload)
    return Frame(msg_type, request_id, payload)


def frame_bytes(msg_type, request_id, payload, ring=None):
    """Header and payload of one frame; just the header with flag bit 0 when ring takes the payload."""
    if len(payload) > MAX_PAYLOAD:
        raise ProtocolError(LENGTH_TOO_LARGE, "payload of %d bytes exceeds the maximum of %d bytes (64 MiB); "
                            "split the message" % (len(payload), MAX_PAYLOAD))
    offset = ring.put(payload) if ring is not None else None
    if offset is not None:
        return _HEADER.pack(MAGIC, VERSION, msg_type, FLAG_SHARED_MEMORY, len(payload), request_id,
                            zlib.crc32(payload), offset)
    return _HEADER.pack(MAGIC, VERSION, msg_type, 0, len(payload), request_id, zlib.crc32(payload), 0) + payload


def decode_frame(data, ring=None):
    """Decodes one whole frame (exactly a header and its payload) into a Frame; raises ProtocolError.

    A frame with flag bit 0 must be the header only; its payload is taken from ring."""
    msg_type, flags, length, request_id, crc, offset = _parse_header(data)
    if flags & FLAG_SHARED_MEMORY:
        if len(data) != HEADER_SIZE:
            raise ProtocolError(BAD_PAYLOAD, "frame of %d bytes has a shared-memory %s payload, so it must be the "
                                "32-byte header only" % (len(data), msg_type.name))
        payload = _shared_payload(msg_type, offset, length, ring)
        _check_payload(msg_type, length, crc, payload)
        return Frame(msg_type, request_id, payload)
    payload = bytes(data[HEADER_SIZE:])
    if len(payload) > length:
        raise ProtocolError(BAD_PAYLOAD, "frame of %d bytes has %d bytes after its %d-byte %s payload: the "
                            "header's length is wrong" % (len(data), len(payload) - length, length, msg_type.name))
    _check_payload(msg_type, length, crc, payload)
    return Frame(msg_type, request_id, payload)


def write_frame(stream, msg_type, request_id, payload, ring=None, flush=True):
    """Writes one frame in a single write call, then flushes unless flush is False (a buffered stream then
    sends it with the next flushed frame); a payload over 1 KB goes through ring if given."""
    data = frame_bytes(msg_type, request_id, payload, ring)
    written = stream.write(data)
    if written is not None and written < len(data):  # a raw (unbuffered) stream may write part
        view = memoryview(data)
        while written < len(data):
            n = stream.write(view[written:])
            written += n or 0
    if flush:
        stream.flush()


# -------------------------------------------------------------------------------------------- encoders

def _utf8(s):
    """Lone surrogates become '?', as Java's String.getBytes(UTF_8) does."""
    if isinstance(s, bytes):
        return s
    try:
        return s.encode("utf-8")
    except UnicodeEncodeError:
        return s.encode("utf-8", "replace")


def _string(b, s):
    return b.CreateString(_utf8(s)) if s else 0


def _strings(b, items):
    if not items:
        return 0
    offsets = [b.CreateString(_utf8(s)) for s in items]
    b.StartVector(4, len(offsets), 4)
    for off in reversed(offsets):
        b.PrependUOffsetTRelative(off)
    return b.EndVector()


def _finish(b, root):
    b.Finish(root)
    return bytes(b.Output())


def encode_hello(pid, python_version, implementation, worker_version):
    b = flatbuffers.Builder(128)
    python_version = _string(b, python_version)
    implementation = _string(b, implementation)
    worker_version = _string(b, worker_version)
    _Hello.HelloStart(b)
    _Hello.HelloAddWorkerVersion(b, worker_version)
    _Hello.HelloAddImplementation(b, implementation)
    _Hello.HelloAddPythonVersion(b, python_version)
    _Hello.HelloAddPid(b, pid)
    _Hello.HelloAddProtocolVersion(b, VERSION)
    return _finish(b, _Hello.HelloEnd(b))


def encode_configure(rootdir, python_files, python_classes, python_functions, sys_path, preload, timeout_ms,
                     fixture_keys=(), collect_ahead=()):
    """fixture_keys: (name, file, key hex) triples; collect_ahead: test files (relative to rootdir, '/'
    separated) to import and collect right after the preloads, then send one COLLECTED."""
    b = flatbuffers.Builder(512)
    rootdir = _string(b, rootdir)
    python_files = _strings(b, python_files)
    python_classes = _strings(b, python_classes)
    python_functions = _strings(b, python_functions)
    sys_path = _strings(b, sys_path)
    preload = _strings(b, preload)
    keys = 0
    if fixture_keys:
        tables = []
        for name, file, key in fixture_keys:
            # all three always written, even empty, as Java does (see TestRef in encode_run_file)
            name, file, key = b.CreateString(_utf8(name)), b.CreateString(_utf8(file)), b.CreateString(_utf8(key))
            _FixtureKey.FixtureKeyStart(b)
            _FixtureKey.FixtureKeyAddKey(b, key)
            _FixtureKey.FixtureKeyAddFile(b, file)
            _FixtureKey.FixtureKeyAddName(b, name)
            tables.append(_FixtureKey.FixtureKeyEnd(b))
        _Configure.ConfigureStartFixtureKeysVector(b, len(tables))
        for t in reversed(tables):
            b.PrependUOffsetTRelative(t)
        keys = b.EndVector()
    collect_ahead = _strings(b, collect_ahead)
    _Configure.ConfigureStart(b)
    _Configure.ConfigureAddTimeoutMs(b, timeout_ms)
    _Configure.ConfigureAddCollectAhead(b, collect_ahead)
    _Configure.ConfigureAddFixtureKeys(b, keys)
    _Configure.ConfigureAddPreload(b, preload)
    _Configure.ConfigureAddSysPath(b, sys_path)
    _Configure.ConfigureAddPythonFunctions(b, python_functions)
    _Configure.ConfigureAddPythonClasses(b, python_classes)
    _Configure.ConfigureAddPythonFiles(b, python_files)
    _Configure.ConfigureAddRootdir(b, rootdir)
    return _finish(b, _Configure.ConfigureEnd(b))


def encode_run_file(file, tests, collect_only=False):
    """tests: (node_id, expand) pairs, in run order; collect_only: list them instead of running them."""
    b = flatbuffers.Builder(1024)
    file = _string(b, file)
    vector = 0
    if tests:
        refs = []
        for node_id, expand in tests:
            # always written, even empty: a TestRef without fields gets a vtable this builder deduplicates
            # ignoring the table size where Java's does not, and the bytes would differ from Java's
            node_id = b.CreateString(_utf8(node_id))
            _TestRef.TestRefStart(b)
            _TestRef.TestRefAddNodeId(b, node_id)
            _TestRef.TestRefAddExpand(b, bool(expand))
            refs.append(_TestRef.TestRefEnd(b))
        _RunFile.RunFileStartTestsVector(b, len(refs))
        for ref in reversed(refs):
            b.PrependUOffsetTRelative(ref)
        vector = b.EndVector()
    _RunFile.RunFileStart(b)
    _RunFile.RunFileAddTests(b, vector)
    _RunFile.RunFileAddFile(b, file)
    _RunFile.RunFileAddCollectOnly(b, bool(collect_only))
    return _finish(b, _RunFile.RunFileEnd(b))


def encode_test_started(node_id):
    """The hot path (one per test): the table laid out directly, byte for byte as
    _encode_test_started_builder writes it (the tests compare both)."""
    s = _utf8(node_id) if node_id else b""
    if not s:
        return _encode_test_started_builder(node_id)
    n = len(s)
    t = _ONE_STRING.get(n)
    if t is None:
        t = _template(_ONE_STRING, n, _one_string_table(b"\0" * n), n, None)
    return t[0] + s + t[2]


_ONE_STRING = {}  # string length -> _template of _one_string_table
_BARE = {}  # (node id length, outcome code, duration given, runtime_expanded) -> _template of _bare_layout
_TEMPLATES_MAX = 4096  # lengths are few in practice; past this many, layouts are made but not kept
_pack_duration = struct.Struct("<q").pack


def _template(cache, key, layout, n, duration_at):
    """(bytes before the duration or the string, bytes between the duration and the string, bytes after the
    string) of a layout whose string of n bytes ends it but for NUL and padding: the same for every string of
    that length, so a frame is these parts joined around the string (and duration)."""
    buf = layout
    string_at = len(buf) - ((-(n + 1)) & 3) - 1 - n
    if duration_at is None:
        t = (buf[:string_at], b"", buf[string_at + n:])
    else:
        t = (buf[:duration_at], buf[duration_at + 8:string_at], buf[string_at + n:])
    if len(cache) < _TEMPLATES_MAX:
        cache[key] = t
    return t


def _one_string_table(s):
    """A table whose only field present is a non-empty string in field 0, as the builder lays it out."""
    n = len(s)
    o = n + 5 + ((-(n + 1)) & 3)  # padding, NUL, bytes, u32 length (counted from the buffer's end)
    string_at = object_end = o
    o += ((-o) & 3) + 4
    slot = o
    o += ((-o) & 3) + 4
    table_at = o
    o += 6
    vtable_at = o
    o += (-(o + 4)) & 3
    total = o + 4
    buf = bytearray(total)
    _pack_u32(buf, 0, total - table_at)
    vt = total - vtable_at
    _pack_u16(buf, vt, 6)
    _pack_u16(buf, vt + 2, table_at - object_end)
    _pack_u16(buf, vt + 4, table_at - slot)
    _pack_i32(buf, total - table_at, vtable_at - table_at)
    _pack_u32(buf, total - slot, slot - string_at)
    at = total - string_at
    _pack_u32(buf, at, n)
    buf[at + 4:at + 4 + n] = s
    return bytes(buf)


def _encode_test_started_builder(node_id):
    """encode_test_started with the generated builder: the reference its fast layout is tested against."""
    b = flatbuffers.Builder(128)
    node_id = _string(b, node_id)
    _TestStarted.TestStartedStart(b)
    _TestStarted.TestStartedAddNodeId(b, node_id)
    return _finish(b, _TestStarted.TestStartedEnd(b))


def encode_test_result(node_id, outcome, duration_ns, message="", longrepr="", stdout="", stderr="", log="",
                       runtime_expanded=False, fallback_reason="", phase=""):
    """outcome: one of OUTCOMES ('passed', 'failed', 'error', 'skipped', 'xfailed', 'xpassed'); phase: one of
    PHASES, where an error came from ('' is 'call').

    The hot path (one per test): lays the table out directly, byte for byte as the generated builder in
    _encode_test_result_builder does (the tests compare both), at about a fifth of its cost."""
    if fallback_reason or (phase and phase != "call"):  # rare (pytest ran the test, a fixture's error): the
        # generated builder writes the extra fields
        return _encode_test_result_builder(node_id, outcome, duration_ns, message, longrepr, stdout, stderr, log,
                                           runtime_expanded, fallback_reason, phase)
    code = _OUTCOME_CODES.get(outcome)
    if code is None:
        raise ValueError("outcome %r is not one of %s" % (outcome, ", ".join(OUTCOMES)))
    if not -(1 << 63) <= duration_ns < (1 << 63):
        raise ValueError("duration_ns %r does not fit an int64" % (duration_ns,))
    if node_id and not (message or longrepr or stdout or stderr or log):
        return _encode_bare_result(_utf8(node_id), code, duration_ns, runtime_expanded)
    strings = (_utf8(node_id) if node_id else b"", _utf8(message) if message else b"",
               _utf8(longrepr) if longrepr else b"", _utf8(stdout) if stdout else b"",
               _utf8(stderr) if stderr else b"", _utf8(log) if log else b"")
    # Offsets are counted from the end of the buffer, as the builder builds it back to front.
    o = 0
    string_at = [0, 0, 0, 0, 0, 0]
    for i in range(6):
        n = len(strings[i])
        if n:
            o += (-(o + n + 1)) & 3  # padding, then NUL, bytes, u32 length
            o += n + 5
            string_at[i] = o
    object_end = o
    slots = [0] * 9  # schema field index -> offset of the field once placed
    if duration_ns:
        o += ((-o) & 7) + 8
        slots[2] = o
    for field, i in _RESULT_STRING_FIELDS:  # log, stderr, stdout, longrepr, message, node_id
        if string_at[i]:
            o += ((-o) & 3) + 4
            slots[field] = o
    if runtime_expanded:
        o += 1
        slots[8] = o
    if code:
        o += 1
        slots[1] = o
    o += ((-o) & 3) + 4
    table_at = o
    used = 9
    while used and not slots[used - 1]:
        used -= 1
    o += 2 * used + 4
    vtable_at = o
    o += (-(o + 4)) & (7 if duration_ns else 3)
    total = o + 4

    buf = bytearray(total)
    _pack_u32(buf, 0, total - table_at)
    vt = total - vtable_at
    _pack_u16(buf, vt, 2 * used + 4)
    _pack_u16(buf, vt + 2, table_at - object_end)
    for i in range(used):
        if slots[i]:
            _pack_u16(buf, vt + 4 + 2 * i, table_at - slots[i])
    _pack_i32(buf, total - table_at, vtable_at - table_at)
    if duration_ns:
        _pack_i64(buf, total - slots[2], duration_ns)
    for field, i in _RESULT_STRING_FIELDS:
        if string_at[i]:
            _pack_u32(buf, total - slots[field], slots[field] - string_at[i])
    if runtime_expanded:
        buf[total - slots[8]] = 1
    if code:
        buf[total - slots[1]] = code
    for i in range(6):
        if string_at[i]:
            s = strings[i]
            at = total - string_at[i]
            _pack_u32(buf, at, len(s))
            buf[at + 4:at + 4 + len(s)] = s
    return bytes(buf)


def _encode_bare_result(s, code, duration_ns, runtime_expanded):
    """encode_test_result's layout when node_id is its only string (most passed tests), from a template per
    length and flags (see _template) that _bare_layout made."""
    key = (len(s), code, duration_ns != 0, runtime_expanded)
    t = _BARE.get(key)
    if t is None:
        layout, duration_at = _bare_layout(b"\0" * key[0], code, 1 if duration_ns else 0, runtime_expanded)
        t = _template(_BARE, key, layout, key[0], duration_at)
    if duration_ns:
        return b"".join((t[0], _pack_duration(duration_ns), t[1], s, t[2]))
    return t[0] + s + t[2]


def _bare_layout(s, code, duration_ns, runtime_expanded):
    """(the bare result's bytes, where its duration sits or None): the layout, unrolled."""
    n = len(s)
    string_at = object_end = o = ((-(n + 1)) & 3) + n + 5
    if duration_ns:
        o += ((-o) & 7) + 8
        duration_slot = o
    o += ((-o) & 3) + 4
    node_slot = o
    if runtime_expanded:
        o += 1
        expanded_slot = o
    if code:
        o += 1
        code_slot = o
    o += ((-o) & 3) + 4
    table_at = o
    used = 9 if runtime_expanded else 3 if duration_ns else 2 if code else 1
    o += 2 * used + 4
    vtable_at = o
    o += (-(o + 4)) & (7 if duration_ns else 3)
    total = o + 4
    buf = bytearray(total)
    _pack_u32(buf, 0, total - table_at)
    vt = total - vtable_at
    _pack_u16(buf, vt, 2 * used + 4)
    _pack_u16(buf, vt + 2, table_at - object_end)
    _pack_u16(buf, vt + 4, table_at - node_slot)
    if code:
        _pack_u16(buf, vt + 6, table_at - code_slot)
    if duration_ns:
        _pack_u16(buf, vt + 8, table_at - duration_slot)
    if runtime_expanded:
        _pack_u16(buf, vt + 20, table_at - expanded_slot)
    _pack_i32(buf, total - table_at, vtable_at - table_at)
    if duration_ns:
        _pack_i64(buf, total - duration_slot, duration_ns)
    _pack_u32(buf, total - node_slot, node_slot - string_at)
    if runtime_expanded:
        buf[total - expanded_slot] = 1
    if code:
        buf[total - code_slot] = code
    at = total - string_at
    _pack_u32(buf, at, n)
    buf[at + 4:at + 4 + n] = s
    return bytes(buf), (total - duration_slot if duration_ns else None)


_RESULT_STRING_FIELDS = ((7, 5), (6, 4), (5, 3), (4, 2), (3, 1), (0, 0))
_pack_u32 = struct.Struct("<I").pack_into
_pack_u16 = struct.Struct("<H").pack_into
_pack_i32 = struct.Struct("<i").pack_into
_pack_i64 = struct.Struct("<q").pack_into


def _encode_test_result_builder(node_id, outcome, duration_ns, message="", longrepr="", stdout="", stderr="", log="",
                                runtime_expanded=False, fallback_reason="", phase=""):
    """encode_test_result with the generated builder: the reference its fast layout is tested against."""
    code = _OUTCOME_CODES.get(outcome)
    if code is None:
        raise ValueError("outcome %r is not one of %s" % (outcome, ", ".join(OUTCOMES)))
    phase_code = _PHASE_CODES.get(phase or "call")
    if phase_code is None:
        raise ValueError("phase %r is not one of %s" % (phase, ", ".join(PHASES)))
    b = flatbuffers.Builder(256)
    node_id = _string(b, node_id)
    message = _string(b, message)
    longrepr = _string(b, longrepr)
    stdout = _string(b, stdout)
    stderr = _string(b, stderr)
    log = _string(b, log)
    reason = _string(b, fallback_reason) if fallback_reason else None
    _TestResult.TestResultStart(b)  # fields in the order of the generated Java createTestResult (byte-identical)
    _TestResult.TestResultAddDurationNs(b, duration_ns)
    if reason is not None:
        _TestResult.TestResultAddFallbackReason(b, reason)
    _TestResult.TestResultAddLog(b, log)
    _TestResult.TestResultAddStderr(b, stderr)
    _TestResult.TestResultAddStdout(b, stdout)
    _TestResult.TestResultAddLongrepr(b, longrepr)
    _TestResult.TestResultAddMessage(b, message)
    _TestResult.TestResultAddNodeId(b, node_id)
    if phase_code:
        _TestResult.TestResultAddPhase(b, phase_code)
    _TestResult.TestResultAddRuntimeExpanded(b, bool(runtime_expanded))
    _TestResult.TestResultAddOutcome(b, code)
    return _finish(b, _TestResult.TestResultEnd(b))


def encode_file_done(file, error="", error_line=0, longrepr="", ignored=False):
    if file and not (error or error_line or longrepr or ignored):  # the common case: only the file
        return _one_string_table(_utf8(file))
    return _encode_file_done_builder(file, error, error_line, longrepr, ignored)


def _encode_file_done_builder(file, error="", error_line=0, longrepr="", ignored=False):
    """encode_file_done with the generated builder: the reference its fast case is tested against."""
    b = flatbuffers.Builder(256)
    file = _string(b, file)
    error = _string(b, error)
    longrepr = _string(b, longrepr)
    _FileDone.FileDoneStart(b)
    _FileDone.FileDoneAddLongrepr(b, longrepr)
    _FileDone.FileDoneAddErrorLine(b, error_line)
    _FileDone.FileDoneAddError(b, error)
    _FileDone.FileDoneAddFile(b, file)
    _FileDone.FileDoneAddIgnored(b, bool(ignored))
    return _finish(b, _FileDone.FileDoneEnd(b))


def encode_shutdown(reason=""):
    b = flatbuffers.Builder(64)
    reason = _string(b, reason)
    _Shutdown.ShutdownStart(b)
    _Shutdown.ShutdownAddReason(b, reason)
    return _finish(b, _Shutdown.ShutdownEnd(b))


def encode_stop_file(file, before=""):
    b = flatbuffers.Builder(128)
    file = _string(b, file)
    before = _string(b, before)
    _StopFile.StopFileStart(b)
    _StopFile.StopFileAddBefore(b, before)
    _StopFile.StopFileAddFile(b, file)
    return _finish(b, _StopFile.StopFileEnd(b))


def encode_heartbeat(sent_ns):
    b = flatbuffers.Builder(32)
    _Heartbeat.HeartbeatStart(b)
    _Heartbeat.HeartbeatAddSentNs(b, sent_ns)
    return _finish(b, _Heartbeat.HeartbeatEnd(b))


def encode_frames_logged(position):
    b = flatbuffers.Builder(32)
    _FramesLogged.FramesLoggedStart(b)
    _FramesLogged.FramesLoggedAddPosition(b, position)
    return _finish(b, _FramesLogged.FramesLoggedEnd(b))


def encode_collected(stamps=()):
    """stamps: (absolute path, size, mtime_ns) triples of what collecting ahead read; size -1 and mtime_ns 0
    for a path that did not exist."""
    b = flatbuffers.Builder(1024)
    vector = 0
    stamps = list(stamps)
    if stamps:
        tables = []
        for path, size, mtime_ns in stamps:
            path = b.CreateString(_utf8(path))  # always written, even empty, as Java does
            b.Prep(8, 0)  # as Java: no padding inside the table, so equal field offsets mean equal sizes
            _FileStamp.FileStampStart(b)
            _FileStamp.FileStampAddMtimeNs(b, mtime_ns)
            _FileStamp.FileStampAddSize(b, size)
            _FileStamp.FileStampAddPath(b, path)
            tables.append(_FileStamp.FileStampEnd(b))
        _Collected.CollectedStartStampsVector(b, len(tables))
        for t in reversed(tables):
            b.PrependUOffsetTRelative(t)
        vector = b.EndVector()
    _Collected.CollectedStart(b)
    _Collected.CollectedAddStamps(b, vector)
    return _finish(b, _Collected.CollectedEnd(b))


def encode_worker_error(message, traceback="", fatal=False):
    b = flatbuffers.Builder(256)
    message = _string(b, message)
    traceback = _string(b, traceback)
    _WorkerError.WorkerErrorStart(b)
    _WorkerError.WorkerErrorAddTraceback(b, traceback)
    _WorkerError.WorkerErrorAddMessage(b, message)
    _WorkerError.WorkerErrorAddFatal(b, bool(fatal))
    return _finish(b, _WorkerError.WorkerErrorEnd(b))


def encode_client_request(cwd, args=(), env=()):
    b = flatbuffers.Builder(256)
    cwd = _string(b, cwd)
    args = _strings(b, args)
    env = _strings(b, env)
    _ClientRequest.ClientRequestStart(b)
    _ClientRequest.ClientRequestAddEnv(b, env)
    _ClientRequest.ClientRequestAddArgs(b, args)
    _ClientRequest.ClientRequestAddCwd(b, cwd)
    return _finish(b, _ClientRequest.ClientRequestEnd(b))


def encode_client_output(text="", done=False, exit_code=0):
    b = flatbuffers.Builder(256)
    text = _string(b, text)
    _ClientOutput.ClientOutputStart(b)
    _ClientOutput.ClientOutputAddExitCode(b, exit_code)
    _ClientOutput.ClientOutputAddText(b, text)
    _ClientOutput.ClientOutputAddDone(b, bool(done))
    return _finish(b, _ClientOutput.ClientOutputEnd(b))


# -------------------------------------------------------------------------------------------- verifier

# Field kinds and the bytes they take inside their table.
_BYTE, _U16, _I32, _I64, _STRING, _STRINGS, _TABLES = "byte", "u16", "i32", "i64", "string", "strings", "tables"
_INLINE = {_BYTE: 1, _U16: 2, _I32: 4, _I64: 8, _STRING: 4, _STRINGS: 4, _TABLES: 4}

# Each table's fields in schema order, as in dxpy.fbs (and Java's PayloadShape).
_TEST_REF = ("TestRef", (("node_id", _STRING, None), ("expand", _BYTE, None)))
_FIXTURE_KEY = ("FixtureKey", (("name", _STRING, None), ("file", _STRING, None), ("key", _STRING, None)))
_FILE_STAMP = ("FileStamp", (("path", _STRING, None), ("size", _I64, None), ("mtime_ns", _I64, None)))
_SHAPES = {
    MessageType.HELLO: ("Hello", (("protocol_version", _U16, None), ("pid", _I32, None),
                                  ("python_version", _STRING, None), ("implementation", _STRING, None),
                                  ("worker_version", _STRING, None))),
    MessageType.CONFIGURE: ("Configure", (("rootdir", _STRING, None), ("python_files", _STRINGS, None),
                                          ("python_classes", _STRINGS, None), ("python_functions", _STRINGS, None),
                                          ("sys_path", _STRINGS, None), ("preload", _STRINGS, None),
                                          ("timeout_ms", _I64, None), ("fixture_keys", _TABLES, _FIXTURE_KEY),
                                          ("collect_ahead", _STRINGS, None))),
    MessageType.RUN_FILE: ("RunFile", (("file", _STRING, None), ("tests", _TABLES, _TEST_REF),
                                       ("collect_only", _BYTE, None))),
    MessageType.TEST_STARTED: ("TestStarted", (("node_id", _STRING, None),)),
    MessageType.TEST_RESULT: ("TestResult", (("node_id", _STRING, None), ("outcome", _BYTE, None),
                                             ("duration_ns", _I64, None), ("message", _STRING, None),
                                             ("longrepr", _STRING, None), ("stdout", _STRING, None),
                                             ("stderr", _STRING, None), ("log", _STRING, None),
                                             ("runtime_expanded", _BYTE, None),
                                             ("fallback_reason", _STRING, None), ("phase", _BYTE, None))),
    MessageType.FILE_DONE: ("FileDone", (("file", _STRING, None), ("error", _STRING, None),
                                         ("error_line", _I32, None), ("longrepr", _STRING, None),
                                         ("ignored", _BYTE, None))),
    MessageType.SHUTDOWN: ("Shutdown", (("reason", _STRING, None),)),
    MessageType.HEARTBEAT: ("Heartbeat", (("sent_ns", _I64, None),)),
    MessageType.WORKER_ERROR: ("WorkerError", (("message", _STRING, None), ("traceback", _STRING, None),
                                               ("fatal", _BYTE, None))),
    MessageType.CLIENT_REQUEST: ("ClientRequest", (("cwd", _STRING, None), ("args", _STRINGS, None),
                                                   ("env", _STRINGS, None))),
    MessageType.CLIENT_OUTPUT: ("ClientOutput", (("text", _STRING, None), ("done", _BYTE, None),
                                                 ("exit_code", _I32, None))),
    MessageType.STOP_FILE: ("StopFile", (("file", _STRING, None), ("before", _STRING, None))),
    MessageType.FRAMES_LOGGED: ("FramesLogged", (("position", _I64, None),)),
    MessageType.COLLECTED: ("Collected", (("stamps", _TABLES, _FILE_STAMP),)),
}

_U32 = struct.Struct("<I")
_I32S = struct.Struct("<i")
_U16S = struct.Struct("<H")


class _Malformed(Exception):
    pass


def _path(path):
    """A field's path for an error message, built only when one is raised: a string, (parent, field name) or
    (parent, element index)."""
    if isinstance(path, str):
        return path
    parent, step = path
    return "%s[%d]" % (_path(parent), step) if isinstance(step, int) else "%s.%s" % (_path(parent), step)


def _verify(buf, shape):
    """Bound-checks a FlatBuffer like Java's PayloadVerifier: tables, vtables, fields, strings and vectors
    lie inside buf and strings are NUL-terminated; fields beyond the shape (a newer schema) are ignored."""
    limit = len(buf)
    if limit < 4:
        raise _Malformed("payload of %d bytes is too short to hold a root offset" % limit)
    u32 = _U32.unpack_from
    u16 = _U16S.unpack_from

    def ref(at, path):
        target = at + u32(buf, at)[0]
        if target + 4 > limit:
            raise _Malformed("%s: offset at %d points to %d, outside the payload" % (_path(path), at, target))
        return target

    def string(at, path):
        length = u32(buf, at)[0]
        end = at + 4 + length
        if end + 1 > limit:
            raise _Malformed("%s: string of %d bytes at %d runs past the payload" % (_path(path), length, at))
        if buf[end] != 0:
            raise _Malformed("%s: string at %d is not NUL-terminated" % (_path(path), at))

    def vector(at, path):
        n = u32(buf, at)[0]
        if at + 4 + 4 * n > limit:
            raise _Malformed("%s: vector of %d elements at %d runs past the payload" % (_path(path), n, at))
        return n

    def table(pos, shape, path):
        if pos + 4 > limit:
            raise _Malformed("%s: table at %d is outside the payload" % (_path(path), pos))
        vtable = pos - _I32S.unpack_from(buf, pos)[0]
        if vtable < 0 or vtable + 4 > limit:
            raise _Malformed("%s: vtable at %d is outside the payload" % (_path(path), vtable))
        vtable_size = u16(buf, vtable)[0]
        table_size = u16(buf, vtable + 2)[0]
        if vtable_size < 4 or vtable_size & 1 or vtable_size > 0x7FFF or vtable + vtable_size > limit:
            raise _Malformed("%s: vtable size %d at %d is invalid" % (_path(path), vtable_size, vtable))
        if table_size < 4 or table_size > 0x7FFF or pos + table_size > limit:
            raise _Malformed("%s: table size %d at %d is invalid" % (_path(path), table_size, pos))
        slot = 4
        for name, kind, element in shape[1]:
            if slot >= vtable_size:
                break
            off = u16(buf, vtable + slot)[0]
            slot += 2
            if off == 0:
                continue
            field = (path, name)
            if off < 4 or off + _INLINE[kind] > table_size:
                raise _Malformed("%s: field offset %d is outside its table of %d bytes"
                                 % (_path(field), off, table_size))
            at = pos + off
            if kind == _STRING:
                string(ref(at, field), field)
            elif kind == _STRINGS or kind == _TABLES:
                vec = ref(at, field)
                for j in range(vector(vec, field)):
                    item = (field, j)
                    target = ref(vec + 4 + 4 * j, item)
                    if kind == _STRINGS:
                        string(target, item)
                    else:
                        table(target, element, item)

    table(u32(buf, 0)[0], shape, shape[0])


# -------------------------------------------------------------------------------------------- decoders

def _text(value):
    return value.decode("utf-8") if value is not None else ""


def _texts(length, element):
    return [_text(element(j)) for j in range(length)]


def _verified(msg_type, payload):
    payload = bytes(payload)
    try:
        _verify(payload, _SHAPES[msg_type])
    except _Malformed as e:
        raise ProtocolError(BAD_PAYLOAD, "malformed %s payload (%d bytes): %s; the peer wrote a different schema "
                            "or the payload was corrupted" % (_SHAPES[msg_type][0], len(payload), e)) from None
    return payload


def _root(msg_type, payload, cls):
    return cls.GetRootAs(_verified(msg_type, payload), 0)


def _decoder(msg_type, cls):
    def wrap(read):
        def decode_payload(payload):
            root = _root(msg_type, payload, cls)
            try:
                return read(root)
            except ProtocolError:
                raise
            except Exception as e:  # a verified payload should not get here; never let another error out
                raise ProtocolError(BAD_PAYLOAD, "malformed %s payload (%d bytes): %s: %s"
                                    % (_SHAPES[msg_type][0], len(payload), type(e).__name__, e)) from e
        decode_payload.__name__ = read.__name__
        decode_payload.__doc__ = read.__doc__
        return decode_payload
    return wrap


@_decoder(MessageType.HELLO, _Hello.Hello)
def decode_hello(h):
    return {"protocol_version": h.ProtocolVersion(), "pid": h.Pid(), "python_version": _text(h.PythonVersion()),
            "implementation": _text(h.Implementation()), "worker_version": _text(h.WorkerVersion())}


@_decoder(MessageType.CONFIGURE, _Configure.Configure)
def decode_configure(c):
    return {"rootdir": _text(c.Rootdir()),
            "python_files": _texts(c.PythonFilesLength(), c.PythonFiles),
            "python_classes": _texts(c.PythonClassesLength(), c.PythonClasses),
            "python_functions": _texts(c.PythonFunctionsLength(), c.PythonFunctions),
            "sys_path": _texts(c.SysPathLength(), c.SysPath),
            "preload": _texts(c.PreloadLength(), c.Preload),
            "timeout_ms": c.TimeoutMs(),
            "fixture_keys": [(_text(k.Name()), _text(k.File()), _text(k.Key()))
                             for k in (c.FixtureKeys(j) for j in range(c.FixtureKeysLength()))],
            "collect_ahead": _texts(c.CollectAheadLength(), c.CollectAhead)}


@_decoder(MessageType.RUN_FILE, _RunFile.RunFile)
def _decode_run_file_generated(r):
    """decode_run_file through the generated reader: the reference the fast path is tested against."""
    tests = []
    for j in range(r.TestsLength()):
        ref = r.Tests(j)
        tests.append((_text(ref.NodeId()), bool(ref.Expand())))
    return {"file": _text(r.File()), "tests": tests, "collect_only": bool(r.CollectOnly())}


_VTABLE_HEAD = struct.Struct("<HH")


def _run_file_checked(buf):
    """decode_run_file in one pass: every check _verify makes for the RunFile shape, made while reading; None
    at the first that fails or on bad UTF-8 (the caller then goes the verifying way, which names the fault).
    It accepts exactly what _verify accepts, so only the cost differs (about a third)."""
    limit = len(buf)
    if limit < 4:
        return None
    u32 = _U32.unpack_from
    i32 = _I32S.unpack_from
    u16 = _U16S.unpack_from
    head = _VTABLE_HEAD.unpack_from

    def table(pos):  # (vtable, vtable size, table size), or None where _verify's table() raises
        if pos + 4 > limit:
            return None
        vt = pos - i32(buf, pos)[0]
        if vt < 0 or vt + 4 > limit:
            return None
        vsize, tsize = head(buf, vt)
        if vsize < 4 or vsize & 1 or vsize > 0x7FFF or vt + vsize > limit:
            return None
        if tsize < 4 or tsize > 0x7FFF or pos + tsize > limit:
            return None
        return vt, vsize, tsize

    def string(at):  # at: the position of a string's offset; the text, or None where _verify raises
        at += u32(buf, at)[0]
        if at + 4 > limit:
            return None
        end = at + 4 + u32(buf, at)[0]
        if end + 1 > limit or buf[end] != 0:
            return None
        return buf[at + 4:end].decode("utf-8")

    def slot(pos, t, index, width):  # a field's absolute position, 0 when absent, -1 where _verify raises
        vt, vsize, tsize = t
        if vsize <= index:
            return 0  # _verify stops at the first slot past the vtable
        off = u16(buf, vt + index)[0]
        if not off:
            return 0
        if off < 4 or off + width > tsize:
            return -1
        return pos + off

    root = u32(buf, 0)[0]
    t = table(root)
    if t is None:
        return None
    file, tests, collect_only = "", [], False
    # RunFile fields: file (string, slot 4), tests ([TestRef], slot 6), collect_only (bool, slot 8)
    at = slot(root, t, 4, 4)
    if at < 0:
        return None
    if at:
        file = string(at)
        if file is None:
            return None
    vec = slot(root, t, 6, 4)
    if vec < 0:
        return None
    if vec:
        vec += u32(buf, vec)[0]
        if vec + 4 > limit:
            return None
        n = u32(buf, vec)[0]
        if vec + 4 + 4 * n > limit:
            return None
        append = tests.append
        for at in range(vec + 4, vec + 4 + 4 * n, 4):
            ref = at + u32(buf, at)[0]
            if ref + 4 > limit:
                return None
            rt = table(ref)
            if rt is None:
                return None
            node_id, expand = "", False  # TestRef fields: node_id (string, slot 4), expand (bool, slot 6)
            field = slot(ref, rt, 4, 4)
            if field < 0:
                return None
            if field:
                node_id = string(field)
                if node_id is None:
                    return None
            field = slot(ref, rt, 6, 1)
            if field < 0:
                return None
            if field:
                expand = bool(buf[field])
            append((node_id, expand))
    at = slot(root, t, 8, 1)
    if at < 0:
        return None
    if at:
        collect_only = bool(buf[at])
    return {"file": file, "tests": tests, "collect_only": collect_only}


def decode_run_file(payload):
    """The hot path (one per file, one entry per test): _run_file_checked, which checks and reads in one pass;
    anything it turns down is verified and read again the ordinary way, which raises the ProtocolError that
    names the fault (and returns _decode_run_file_generated's result should it find none; the tests compare
    both)."""
    buf = bytes(payload)
    try:
        got = _run_file_checked(buf)
    except UnicodeDecodeError:
        got = None
    if got is not None:
        return got
    return _decode_run_file_verified(buf)


def _decode_run_file_verified(payload):
    buf = _verified(MessageType.RUN_FILE, payload)
    u32 = _U32.unpack_from
    u16 = _U16S.unpack_from
    i32 = _I32S.unpack_from

    def field(table, index):  # absolute position of a field, or 0 when absent
        vt = table - i32(buf, table)[0]
        slot = 4 + 2 * index
        if slot >= u16(buf, vt)[0]:
            return 0
        off = u16(buf, vt + slot)[0]
        return table + off if off else 0

    def text(at):  # at: the position of a string's offset
        if not at:
            return ""
        at += u32(buf, at)[0]
        return buf[at + 4:at + 4 + u32(buf, at)[0]].decode("utf-8")

    try:
        root = u32(buf, 0)[0]
        tests = []
        vec = field(root, 1)
        if vec:
            vec += u32(buf, vec)[0]
            for j in range(u32(buf, vec)[0]):
                at = vec + 4 + 4 * j
                ref = at + u32(buf, at)[0]
                expand = field(ref, 1)
                tests.append((text(field(ref, 0)), bool(buf[expand]) if expand else False))
        collect = field(root, 2)
        return {"file": text(field(root, 0)), "tests": tests, "collect_only": bool(buf[collect]) if collect else False}
    except Exception as e:  # verified, so only bad UTF-8 gets here; as the generated decoders report it
        raise ProtocolError(BAD_PAYLOAD, "malformed RunFile payload (%d bytes): %s: %s"
                            % (len(buf), type(e).__name__, e)) from e


@_decoder(MessageType.TEST_STARTED, _TestStarted.TestStarted)
def decode_test_started(t):
    return {"node_id": _text(t.NodeId())}


@_decoder(MessageType.TEST_RESULT, _TestResult.TestResult)
def decode_test_result(r):
    code = r.Outcome()
    if not 0 <= code < len(OUTCOMES):
        raise ProtocolError(BAD_PAYLOAD, "malformed TestResult payload: outcome %d is not one of 0..%d "
                            "(passed..xpassed); the peer wrote a different schema or the payload was corrupted"
                            % (code, len(OUTCOMES) - 1))
    phase = r.Phase()
    if phase >= len(PHASES):
        raise ProtocolError(BAD_PAYLOAD, "malformed TestResult payload: phase %d is not one of 0..%d (call, setup, "
                            "teardown); the peer wrote a different schema or the payload was corrupted"
                            % (phase, len(PHASES) - 1))
    return {"node_id": _text(r.NodeId()), "outcome": OUTCOMES[code], "duration_ns": r.DurationNs(),
            "message": _text(r.Message()), "longrepr": _text(r.Longrepr()), "stdout": _text(r.Stdout()),
            "stderr": _text(r.Stderr()), "log": _text(r.Log()), "runtime_expanded": bool(r.RuntimeExpanded()),
            "fallback_reason": _text(r.FallbackReason()), "phase": PHASES[phase]}


@_decoder(MessageType.FILE_DONE, _FileDone.FileDone)
def decode_file_done(f):
    return {"file": _text(f.File()), "error": _text(f.Error()), "error_line": f.ErrorLine(),
            "longrepr": _text(f.Longrepr()), "ignored": bool(f.Ignored())}


@_decoder(MessageType.SHUTDOWN, _Shutdown.Shutdown)
def decode_shutdown(s):
    return {"reason": _text(s.Reason())}


@_decoder(MessageType.HEARTBEAT, _Heartbeat.Heartbeat)
def decode_heartbeat(h):
    return {"sent_ns": h.SentNs()}


@_decoder(MessageType.WORKER_ERROR, _WorkerError.WorkerError)
def decode_worker_error(e):
    return {"message": _text(e.Message()), "traceback": _text(e.Traceback()), "fatal": bool(e.Fatal())}


@_decoder(MessageType.CLIENT_REQUEST, _ClientRequest.ClientRequest)
def decode_client_request(r):
    return {"cwd": _text(r.Cwd()), "args": _texts(r.ArgsLength(), r.Args), "env": _texts(r.EnvLength(), r.Env)}


@_decoder(MessageType.CLIENT_OUTPUT, _ClientOutput.ClientOutput)
def decode_client_output(o):
    return {"text": _text(o.Text()), "done": bool(o.Done()), "exit_code": o.ExitCode()}


@_decoder(MessageType.STOP_FILE, _StopFile.StopFile)
def decode_stop_file(f):
    return {"file": _text(f.File()), "before": _text(f.Before())}


@_decoder(MessageType.FRAMES_LOGGED, _FramesLogged.FramesLogged)
def decode_frames_logged(f):
    return {"position": f.Position()}


@_decoder(MessageType.COLLECTED, _Collected.Collected)
def decode_collected(c):
    return {"stamps": [(_text(s.Path()), s.Size(), s.MtimeNs())
                       for s in (c.Stamps(j) for j in range(c.StampsLength()))]}


ENCODERS = {
    MessageType.HELLO: encode_hello,
    MessageType.CONFIGURE: encode_configure,
    MessageType.RUN_FILE: encode_run_file,
    MessageType.TEST_STARTED: encode_test_started,
    MessageType.TEST_RESULT: encode_test_result,
    MessageType.FILE_DONE: encode_file_done,
    MessageType.SHUTDOWN: encode_shutdown,
    MessageType.HEARTBEAT: encode_heartbeat,
    MessageType.WORKER_ERROR: encode_worker_error,
    MessageType.CLIENT_REQUEST: encode_client_request,
    MessageType.CLIENT_OUTPUT: encode_client_output,
    MessageType.STOP_FILE: encode_stop_file,
    MessageType.FRAMES_LOGGED: encode_frames_logged,
    MessageType.COLLECTED: encode_collected,
}

DECODERS = {
    MessageType.HELLO: decode_hello,
    MessageType.CONFIGURE: decode_configure,
    MessageType.RUN_FILE: decode_run_file,
    MessageType.TEST_STARTED: decode_test_started,
    MessageType.TEST_RESULT: decode_test_result,
    MessageType.FILE_DONE: decode_file_done,
    MessageType.SHUTDOWN: decode_shutdown,
    MessageType.HEARTBEAT: decode_heartbeat,
    MessageType.WORKER_ERROR: decode_worker_error,
    MessageType.CLIENT_REQUEST: decode_client_request,
    MessageType.CLIENT_OUTPUT: decode_client_output,
    MessageType.STOP_FILE: decode_stop_file,
    MessageType.FRAMES_LOGGED: decode_frames_logged,
    MessageType.COLLECTED: decode_collected,
}


def encode(msg_type, fields):
    """The payload of a message given as a dict like decode returns (hello's protocol_version is ignored)."""
    fields = dict(fields)
    if msg_type == MessageType.HELLO:
        fields.pop("protocol_version", None)
    return ENCODERS[MessageType(msg_type)](**fields)


def decode(msg_type, payload):
    """Decodes a payload of the given type into a dict; raises ProtocolError if it is malformed."""
    try:
        decoder = DECODERS[MessageType(msg_type)]
    except ValueError:
        raise ProtocolError(UNKNOWN_TYPE, "unknown message type %r, expected 1..%d" % (msg_type, len(MessageType)))
    return decoder(payload)

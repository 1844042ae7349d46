"""Cached fixtures: a `@dx.fixture(cache=True)` value is pickled (protocol 5, out-of-band buffers) to
<rootdir>/.dxpy/fixtures/<name>-<key>.dxfc on first creation and memory-mapped on reuse, across runs
and across workers.

File layout (little endian):
  magic "DXFC0001" | u32 buffer count | u32 reserved | u64 pickle length | 32-byte blake2b checksum
  | buffer table (u64 offset, u64 length) per buffer | pickle bytes | buffers, each 64-byte aligned.
The checksum covers every byte after the header, so a truncated or corrupted file is detected and
recreated. Verifying it reads the whole file, so a load checks it in full only when the file is new to
the cache or changed since its last full check (<file>.ok records size, mtime, ctime, inode; see
_verified); otherwise a load checks the header and size and maps the file without reading it. Writers write a temporary file and rename it into place (readers never see a torn file);
creators take an exclusive fcntl lock on <file>.lock, so only one process builds a value at a time.

Keys: under dx-py the engine sends a Blake3 key per cached fixture in Configure.fixture_keys (the
decorated definition as tree-sitter reads it, the keys of the fixtures it requests, the project modules
its body uses and, transitively, theirs, the worker's Python version); the worker stores them in
ENGINE_KEYS. Without one (plain pytest, or a fixture the engine did not see), `fallback_key` hashes
similar ingredients with hashlib.blake2b (inspect.getsource, directly named modules only, sys.version);
the two keys differ, so a value is built once under each.
"""
import fcntl
import hashlib
import inspect
import mmap
import os
import pickle
import struct
import sys
import time
import types

MAGIC = b"DXFC0001"
_HEADER = struct.Struct("<8sIIQ32s")
_ENTRY = struct.Struct("<QQ")
_ALIGN = 64

#: (fixture name, defining file relative to rootdir) -> key hex, filled from the engine's Configure.
ENGINE_KEYS = {}


class FixtureCacheError(Exception):
    """A cached fixture could not be stored; the message names the fixture and says what to do."""


def cache_dir(rootdir):
    return os.path.join(str(rootdir), ".dxpy", "fixtures")


def load_or_create(rootdir, name, key, create):
    """The fixture's value: mapped from the cache file when it is valid, else created (one creator at a time)."""
    directory = cache_dir(rootdir)
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"{_safe(name)}-{key[:32]}.dxfc")
    value = _try_load(path)
    if value is not _MISS:
        return value
    with open(path + ".lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            value = _try_load(path)  # another creator may have finished while we waited
            if value is not _MISS:
                return value
            value = create()
            _store(path, name, value)
            return value
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


_MISS = object()


def _safe(name):
    return "".join(c if c.isalnum() or c in "_-" else "_" for c in name)


def _try_load(path):
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        return _MISS
    with f:
        st = os.fstat(f.fileno())
        size = st.st_size
        if size < _HEADER.size:
            return _discard(path)
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
    view = memoryview(mm)
    magic, nbuf, _, plen, checksum = _HEADER.unpack_from(view, 0)
    table_end = _HEADER.size + nbuf * _ENTRY.size
    if magic != MAGIC or table_end + plen > size or not _verified(path, st, view, checksum):
        view.release()
        mm.close()
        return _discard(path)
    buffers = []
    for i in range(nbuf):
        off, length = _ENTRY.unpack_from(view, _HEADER.size + i * _ENTRY.size)
        if off + length > size:
            return _discard(path)
        buffers.append(pickle.PickleBuffer(view[off:off + length]))
    try:
        return pickle.loads(view[table_end:table_end + plen], buffers=buffers)
    except Exception:
        return _discard(path)


#: a file whose mtime is closer to now than this is checksummed on every load (racy-git rule: a change
#: within the file system's timestamp granularity may leave size and mtime as they were)
RACY_NS = 2_000_000_000


def _stamp(st):
    return "%d %d %d %d %d\n" % (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _verified(path, st, view, checksum):
    """True if the body's checksum matches. A full check reads the whole file, so after one passes it
    leaves <file>.ok with the file's size, mtime, ctime, inode and device; a later load whose fstat
    gives the same values skips the checksum. Writers replace the file by rename (new inode), and an
    in-place edit or truncation changes size or times, so a stale stamp never matches; a file too
    recent to tell (RACY_NS) gets no stamp and is checked every time."""
    ok_path = path + ".ok"
    try:
        with open(ok_path, encoding="ascii") as f:
            if f.read() == _stamp(st):
                return True
    except (OSError, ValueError):
        pass
    if hashlib.blake2b(view[_HEADER.size:], digest_size=32).digest() != checksum:
        return False
    if time.time_ns() - st.st_mtime_ns > RACY_NS:
        tmp = f"{ok_path}.{os.getpid()}.tmp"
        try:
            with open(tmp, "w", encoding="ascii") as f:
                f.write(_stamp(st))
            os.replace(tmp, ok_path)
        except OSError:
            pass
    return True


def _discard(path):
    for p in (path, path + ".ok"):
        try:
            os.remove(p)
        except OSError:
            pass
    return _MISS


def _store(path, name, value):
    buffers = []
    try:
        data = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    except Exception as exc:
        raise FixtureCacheError(
            f"fixture '{name}' has cache=True but its value cannot be pickled ({type(exc).__name__}: {exc}); "
            "return a picklable value or remove cache=True") from exc
    raws = [b.raw() for b in buffers]
    offset = _HEADER.size + len(raws) * _ENTRY.size + len(data)
    table = []
    for raw in raws:
        offset = (offset + _ALIGN - 1) // _ALIGN * _ALIGN
        table.append((offset, raw.nbytes))
        offset += raw.nbytes
    digest = hashlib.blake2b(digest_size=32)
    body = [b"".join(_ENTRY.pack(o, n) for o, n in table), data]
    pos = _HEADER.size + len(body[0]) + len(data)
    chunks = list(body)
    for (off, _n), raw in zip(table, raws):
        if off > pos:
            chunks.append(bytes(off - pos))
        chunks.append(raw)
        pos = off + raw.nbytes
    for c in chunks:
        digest.update(c)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(_HEADER.pack(MAGIC, len(raws), 0, len(data), digest.digest()))
        for c in chunks:
            f.write(c)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------- keys
def key_for(fdef, chain, rootdir, _seen=None):
    """The engine's key for this fixture if it sent one, else the blake2b fallback."""
    rel = _relpath(fdef.func, rootdir)
    got = ENGINE_KEYS.get((fdef.name, rel))
    if got:
        return got
    return fallback_key(fdef, chain, rootdir, _seen)


def fallback_key(fdef, chain, rootdir, _seen=None):
    """blake2b over: the function's source, the keys of the fixtures it requests, the project modules
    its code refers to, and the Python version."""
    seen = set() if _seen is None else _seen
    seen.add(fdef.name)
    h = hashlib.blake2b(digest_size=32)
    h.update(sys.version.encode())
    h.update(_source(fdef.func).encode())
    for arg in fdef.argnames:
        h.update(b"\0dep:" + arg.encode())
        defs = chain.defs_for(arg) if chain is not None else ()
        if defs and arg not in seen:
            h.update(fallback_key(defs[-1], chain, rootdir, seen).encode())
    for path in sorted(_project_files(fdef.func, rootdir)):
        h.update(b"\0mod:" + path.encode())
        try:
            with open(path, "rb") as f:
                h.update(hashlib.blake2b(f.read(), digest_size=32).digest())
        except OSError:
            pass
    return h.hexdigest()


def _source(func):
    try:
        return inspect.getsource(func)
    except (OSError, TypeError):
        code = getattr(func, "__code__", None)
        return repr(code.co_code) if code is not None else repr(func)


def _relpath(func, rootdir):
    try:
        return os.path.relpath(inspect.getsourcefile(func) or "", str(rootdir)).replace(os.sep, "/")
    except (TypeError, ValueError):
        return ""


def _project_files(func, rootdir):
    """Files under rootdir (other than the fixture's own) of the modules, functions and classes its code names."""
    root = os.path.join(os.path.abspath(str(rootdir)), "")
    own = getattr(getattr(func, "__code__", None), "co_filename", None)
    g = getattr(func, "__globals__", {})
    out = set()
    for name in _names(getattr(func, "__code__", None)):
        obj = g.get(name)
        if obj is None:
            continue
        mod = obj if isinstance(obj, types.ModuleType) else sys.modules.get(getattr(obj, "__module__", None) or "")
        path = getattr(mod, "__file__", None)
        if path and os.path.abspath(path).startswith(root) and os.path.abspath(path) != own:
            out.add(os.path.abspath(path))
    return out


def _names(code):
    if code is None:
        return set()
    names = set(code.co_names)
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            names |= _names(c)
    return names

"""Snapshot assertions: `dx.snapshot().assert_match(value)`.

A value is serialized readably (str as is, bytes decoded as UTF-8 when they can be, anything else
with pprint.pformat, dict keys sorted) and stored in
    <test dir>/__snapshots__/<test file>/<test name>.snap      (the second call in a test: <name>-2.snap)
next to an index, <test dir>/__snapshots__/<test file>/index.b3, with one line per snapshot:
    <blake3 hex> <byte length> <snap file name>
A check hashes the serialization and compares it with the index: on a match it returns without opening
the .snap file; on a mismatch it reads the stored text and fails with a unified diff.

Modes (environment, set by the engine from `--update-snapshots` / `-Ddxpy.updateSnapshots`):
  DXPY_UPDATE_SNAPSHOTS=1  write content and hash of new and changed snapshots (never fails);
  CI set (not "", "0", "false")  a missing snapshot fails instead of being written.
Every snapshot a test checks is noted in memory and appended to <rootdir>/.dxpy/snapshots-used/<pid>.txt
once per test file (flush_used, before the worker's FileDone; at exit under plain pytest) so that the
engine can list (and with --update-snapshots remove) obsolete ones after a full run.
"""
import atexit
import difflib
import fcntl
import os
import pprint

from . import blake3

INDEX = "index.b3"
USED_DIR = os.path.join(".dxpy", "snapshots-used")

_current = {"rootdir": None, "relpath": None, "name": None, "count": 0, "runner": False}
_indexes = {}  # index path -> (mtime_ns, size, {snap name: (hex, length)})


class SnapshotError(AssertionError):
    """A snapshot did not match, or is missing in CI mode; the message says how to update it."""


def set_current_test(rootdir, relpath, test_name, runner=True):
    """Called by the runner before each test: which file and test the next snapshots belong to."""
    c = _current
    c["rootdir"] = str(rootdir)
    c["relpath"] = relpath.replace(os.sep, "/") if os.sep != "/" else relpath
    c["name"] = test_name
    c["count"] = 0
    c["runner"] = runner


def _from_pytest():
    cur = os.environ.get("PYTEST_CURRENT_TEST")  # under plain pytest: "tests/test_a.py::test_b (call)"
    if not cur:
        return False
    nodeid = cur.rsplit(" (", 1)[0]
    relpath, _, name = nodeid.partition("::")
    if _current["relpath"] != relpath or _current["name"] != name:
        set_current_test(os.getcwd(), relpath, name, runner=False)
    return True


def serialize(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return repr(bytes(value))
    return pprint.pformat(value, width=100, sort_dicts=True)


def update_mode():
    return os.environ.get("DXPY_UPDATE_SNAPSHOTS", "") not in ("", "0", "false")


def ci_mode():
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


class Snapshot:
    """One snapshot slot of the current test; `assert_match(value)` checks or records it."""

    def __init__(self, name=None):
        if not _current["runner"]:
            _from_pytest()
        if _current["name"] is None:
            raise RuntimeError("dx.snapshot() must be called inside a running test")
        _current["count"] += 1
        rel = _current["relpath"]
        test_dir, test_file = os.path.split(rel)
        self.directory = os.path.join(_current["rootdir"], test_dir, "__snapshots__", test_file)
        base = name or _safe(_current["name"])
        if name is None and _current["count"] > 1:
            base = f"{base}-{_current['count']}"
        self.file_name = base + ".snap"
        self.path = os.path.join(self.directory, self.file_name)
        self.rel = "/".join(p for p in (test_dir, "__snapshots__", test_file, self.file_name) if p)
        self.test = f"{rel}::{_current['name']}"

    def assert_match(self, value):
        text = serialize(value)
        data = text.encode("utf-8")
        _record_used(self.rel)
        digest = blake3.hexdigest(data)
        index = _load_index(self.directory)
        stored = index.get(self.file_name)
        if stored is not None and stored == (digest, len(data)):
            return  # the hash matched: the stored content is not read
        if update_mode():
            _write(self.directory, self.file_name, data, digest)
            return
        if stored is None and not os.path.exists(self.path):
            if ci_mode():
                raise SnapshotError(f"snapshot {self.file_name} of {self.test} does not exist and CI is set; "
                                    "run with --update-snapshots (Maven: -Ddxpy.updateSnapshots) and commit it")
            _write(self.directory, self.file_name, data, digest)
            return
        try:
            with open(self.path, "rb") as f:
                old = f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            old = ""
        if old == text:  # content matches but the index was stale: repair it
            _write(self.directory, self.file_name, data, digest)
            return
        diff = "\n".join(difflib.unified_diff(old.splitlines(), text.splitlines(),
                                             f"{self.file_name} (stored)", f"{self.file_name} (actual)",
                                             lineterm=""))
        raise SnapshotError(f"snapshot {self.file_name} does not match; run with --update-snapshots "
                            f"(Maven: -Ddxpy.updateSnapshots) if the change is intended\n{diff}")


def snapshot(name=None):
    """The next snapshot of the running test: `dx.snapshot().assert_match(value)`."""
    return Snapshot(name)


def _safe(name):
    return "".join(c if c.isalnum() or c in "_-.[]=," else "_" for c in name.replace("::", "."))


def _load_index(directory):
    path = os.path.join(directory, INDEX)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return {}
    cached = _indexes.get(path)
    if cached is not None and cached[0] == st.st_mtime_ns and cached[1] == st.st_size:
        return cached[2]
    entries = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ", 2)
            if len(parts) == 3 and parts[1].isdigit():
                entries[parts[2]] = (parts[0], int(parts[1]))
    _indexes[path] = (st.st_mtime_ns, st.st_size, entries)
    return entries


def _write(directory, file_name, data, digest):
    """Content first, then the index line (both by temp file + rename, under the index lock)."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, INDEX + ".lock"), "a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        _atomic_write(os.path.join(directory, file_name), data)
        _indexes.pop(os.path.join(directory, INDEX), None)
        entries = dict(_load_index(directory))
        entries[file_name] = (digest, len(data))
        _save_index(directory, entries)


def _save_index(directory, entries):
    lines = "".join(f"{h} {n} {name}\n" for name, (h, n) in sorted(entries.items()))
    _atomic_write(os.path.join(directory, INDEX), lines.encode("utf-8"))
    _indexes.pop(os.path.join(directory, INDEX), None)


def _atomic_write(path, data):
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


_used_files = {}  # rootdir -> open used-list file of this process
_pending = {}  # rootdir -> relative paths checked since the last flush, in first-use order (dict as ordered set)


def _record_used(rel):
    """rel: the snapshot's path relative to the rootdir, '/' separated."""
    _pending.setdefault(_current["rootdir"], {})[rel] = None


def flush_used():
    """Appends the snapshots checked since the last call to <rootdir>/.dxpy/snapshots-used/<pid>.txt. The
    worker calls it before each FileDone (the engine reads the lists after the last file); atexit covers
    plain pytest runs."""
    for root, paths in list(_pending.items()):
        if not paths:
            continue
        f = _used_files.get(root)
        if f is None:
            d = os.path.join(root, USED_DIR)
            os.makedirs(d, exist_ok=True)
            f = _used_files[root] = open(os.path.join(d, f"{os.getpid()}.txt"), "a", encoding="utf-8")
        f.write("".join(p + "\n" for p in paths))
        f.flush()
        paths.clear()


atexit.register(flush_used)


def remove_obsolete(rootdir, used):
    """Delete .snap files under rootdir not in used (relative '/' paths) and drop them from their index;
    returns the removed paths. The engine does the same after a full run with --update-snapshots."""
    removed = []
    for d, dirs, files in os.walk(rootdir):
        dirs[:] = [x for x in dirs if x not in (".dxpy", ".git", "node_modules")]
        if os.path.basename(os.path.dirname(d)) != "__snapshots__":
            continue
        gone = [f for f in files if f.endswith(".snap")
                and os.path.relpath(os.path.join(d, f), rootdir).replace(os.sep, "/") not in used]
        for f in gone:
            os.remove(os.path.join(d, f))
            removed.append(os.path.relpath(os.path.join(d, f), rootdir).replace(os.sep, "/"))
        if gone:
            entries = {k: v for k, v in _load_index(d).items() if k not in gone}
            _save_index(d, entries)
    return sorted(removed)

"""Collecting ahead: a daemon's spare worker imports and collects the next run's test files while it waits.

The engine names the files in Configure's `collect_ahead` (the files of the run that started the spare, in
collection order). The worker imports and collects them as a run would, then answers with one Collected
frame: the stamp (size, mtime_ns) of every file and directory that work read, each taken when it was read.
The engine gives the spare to a run only when the run has the same files and every stamp still holds; any
change (a test module, a project module, a conftest, a data file read at import time, a file added to a
directory a lookup listed) makes it start a fresh worker instead, so a run never sees stale code.

What is recorded, between start() and stop():
- every file opened for reading (the `open` audit event: builtins.open, os.open, io.open_code, the import
  system's source and bytecode reads), stamped before it is read;
- every directory listed (`os.listdir`, `os.scandir` audit events: the import system's directory caches);
- the source of each test module the rewriting loader executes, with the very os.stat its code was chosen by
  (rewritten code comes from a cache keyed by that stamp, so the source itself may never be opened);
- the directories from the rootdir down to each test file and the sys.path entries, stamped at start, and
  the directory of every recorded file inside the rootdir: a conftest.py or module added there changes it.

Not recorded: dxpy's own caches (keyed by the source's stamp or digest), `__pycache__` files, /proc, /dev and
/sys. A stamp compares size and mtime in nanoseconds: stricter than CPython's own bytecode check (whole
seconds and size). What module-level code learned otherwise (the clock, the network, os.stat alone, files a C
extension reads itself) is as of the spare's start, as it is for pytest as of its collection.
"""
import os
import sys

_recorder = None  # the StampRecorder between start() and stop(); the audit hook does nothing otherwise
_hooked = False

_SKIPPED_PREFIXES = ("/proc/", "/dev/", "/sys/")


class StampRecorder:
    def __init__(self, rootdir, skip_dirs=()):
        self.rootdir = os.path.join(os.path.abspath(rootdir), "")
        self.skip = tuple(os.path.join(os.path.abspath(d), "") for d in skip_dirs if d)
        self.stamps = {}  # absolute path -> (size, mtime_ns); (-1, 0): did not exist

    def add(self, path, st=None):
        try:
            path = os.path.abspath(os.fsdecode(path))
        except (TypeError, ValueError):
            return
        if path in self.stamps or path.startswith(_SKIPPED_PREFIXES) or path.startswith(self.skip) \
                or "/__pycache__/" in path:
            return
        if st is None:
            try:
                st = os.stat(path)
            except (OSError, ValueError):
                self.stamps[path] = (-1, 0)
                return
        self.stamps[path] = (st.st_size, st.st_mtime_ns)
        if path.startswith(self.rootdir):
            self.add(os.path.dirname(path))

    def add_dir_chain(self, path):
        """path's directory and each one above it up to the rootdir."""
        d = os.path.dirname(os.path.abspath(path))
        root = self.rootdir.rstrip(os.sep) or os.sep
        while d.startswith(self.rootdir) or d == root:
            self.add(d)
            if d == root:
                break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent

    def result(self):
        return [(p, s, m) for p, (s, m) in self.stamps.items()]


def _readable(mode, flags):
    if isinstance(mode, str):
        return "r" in mode or "+" in mode
    if isinstance(flags, int):
        return flags & getattr(os, "O_ACCMODE", 3) != os.O_WRONLY
    return True


def _audit(event, args):
    r = _recorder
    if r is None:
        return
    if event == "open":
        path = args[0]
        if path is not None and not isinstance(path, int) and _readable(args[1], args[2]):
            r.add(path)
    elif event == "os.listdir" or event == "os.scandir":
        path = args[0] if args else None
        if path is None:
            path = "."
        if not isinstance(path, int):
            r.add(path)


def _on_source(path, st):
    r = _recorder
    if r is not None:
        r.add(path, st)


def start(rootdir, files, skip_dirs=()):
    """Starts recording (installs the audit hook on first use; it stays, costing one call per audited event)."""
    global _recorder, _hooked
    r = StampRecorder(rootdir, skip_dirs)
    for f in files:
        r.add_dir_chain(f)
    for p in sys.path:
        if p and os.path.isabs(p):
            r.add(p)
    if not _hooked:
        sys.addaudithook(_audit)
        _hooked = True
    from . import importer
    importer.on_source = _on_source
    _recorder = r
    return r


def stop():
    global _recorder
    from . import importer
    importer.on_source = None
    r, _recorder = _recorder, None
    return r


def collect(session, relpaths, skip_dirs=(), stop=None):
    """Imports and collects relpaths (relative to the session's rootdir) into the session, recording what that
    reads; returns the stamps as (path, size, mtime_ns) triples. stop() is asked before each file: True ends
    the collection there (the run imports the rest). Errors are kept by the session for the run (the module
    is not imported twice); nothing here raises but KeyboardInterrupt."""
    root = session.rootdir
    rec = start(root, [os.path.join(root, p) for p in relpaths], skip_dirs)
    try:
        session.collect_ahead(relpaths, stop)
    finally:
        stop()
    return rec.result()

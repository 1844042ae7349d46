"""The built-in fixtures: tmp_path(_factory), tmpdir, monkeypatch, capsys/capfd, caplog, recwarn,
pytestconfig, record_property."""
import collections
import contextlib
import logging
import os
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

from .capture import CaptureIO, LogCaptureHandler
from .fixtures import fixture

notset = object()


# ---------------------------------------------------------------- tmp_path
FS_TOPDIR_FL = 0x00020000  # linux/fs.h: "top of directory hierarchies", for the Orlov block allocator


def spread_subdirectories(path):
    """Marks dxpy's temp root as a top directory (`chattr +T`) on ext2/3/4, so each run's base directory goes
    to a block group of its own. Without it every base directory lands in the root's group, where the
    previous runs' directories were just deleted, and on ext4 without a journal each inode allocation then
    steps over every inode freed in the last ~30 s (the kernel's recently_deleted check): a 10k-test run with
    531 tmp_path tests spent 0.4-0.6 s of system time there. Paths and contents are unchanged; elsewhere
    (other file systems, other systems) nothing happens. Returns True when the flag is set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import array
        import fcntl
        import struct
        size = struct.calcsize("l")
        get = 0x80006601 | (size << 16)  # _IOR('f', 1, long)
        put = 0x40006602 | (size << 16)  # _IOW('f', 2, long); the kernel reads an int either way
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (ImportError, OSError):
        return False
    try:
        flags = array.array("i", [0])
        fcntl.ioctl(fd, get, flags, True)
        if flags[0] & FS_TOPDIR_FL:
            return True
        flags[0] |= FS_TOPDIR_FL
        fcntl.ioctl(fd, put, flags)
        return True
    except OSError:  # not ext2/3/4 (ENOTTY, EOPNOTSUPP), or not ours to change
        return False
    finally:
        os.close(fd)


class TempPathFactory:
    def __init__(self):
        self._basetemp = None
        self._next = {}  # basename -> the first number not yet taken by this factory (no rescan from 0)

    def getbasetemp(self):
        if self._basetemp is None:
            try:
                user = os.environ.get("USER") or os.getlogin()
            except Exception:
                user = "unknown"
            root = Path(tempfile.gettempdir()) / f"dxpy-of-{re.sub(r'[^A-Za-z0-9_.-]', '_', user)}"
            root.mkdir(mode=0o700, exist_ok=True)
            spread_subdirectories(str(root))
            now = time.time()
            lane = root / f"{LANE}{lane_of(now)}"
            lane.mkdir(mode=0o700, exist_ok=True)
            discard_stale(root, now=now)
            self._basetemp = Path(tempfile.mkdtemp(prefix="dxpy-", dir=lane)).resolve()
        return self._basetemp

    def mktemp(self, basename, numbered=True):
        base = self.getbasetemp()
        if not numbered:
            p = base / basename
            p.mkdir()
            return p
        i = self._next.get(basename, 0)
        while True:
            p = base / f"{basename}{i}"
            try:
                p.mkdir()
                self._next[basename] = i + 1
                return p
            except FileExistsError:
                i += 1


def _rmtree(p):
    import shutil
    shutil.rmtree(p, ignore_errors=True)


TRASH = ".trash-"
LANE = "lane-"
LANES = 4
LANE_SECONDS = 60
DEFER_AT_MOST = 600  # seconds a stale base directory may wait for its lane to be free
DEFERRED_AT_MOST = 16  # stale base directories that may wait; the oldest beyond go anyway


def lane_of(now):
    """The lane (a subdirectory of the temp root) base directories are made in at time `now`: they take turns,
    a minute each.

    Why (ext2/3/4 without a journal, as on the machines the benchmarks run on): allocating an inode there skips
    every free inode of its block group freed in the last 60 s (300 s more while its inode table block is dirty;
    `recently_deleted` in the kernel), one check each, so the run after a deletion of ~1000 inodes (the stale
    base directories of a 10k-test suite with 531 tmp_path tests) paid ~0.2 ms per tmp_path directory and file:
    ~0.2 s of CPU. A lane is made once, as a top directory's child (spread_subdirectories), so each lane's
    inodes lie in a block group of its own; stale base directories are deleted only from lanes whose next turn
    is a minute or more away (discard_stale), so a run allocates where nothing was deleted for a minute."""
    return int(now // LANE_SECONDS) % LANES


def discard_stale(root, keep=2, now=None):
    """Base directories of earlier sessions beyond the newest `keep` go, as pytest keeps the last three in all;
    one in the lane in use or the next (lane_of) waits until its lane's turn is over, unless it is ten minutes
    old or more than sixteen wait. Each is renamed to a trash name in the root first (atomic: of workers starting
    together, one takes it), then deleted by a detached `nice -n 19 rm -rf`: deleting a few hundred directories
    costs a worker ~0.1 s of CPU (ext4), and at the lowest priority that work waits for the CPU the run leaves.
    Trash an earlier deletion left (a machine stopped meanwhile) goes with it once it is ten minutes old. Base
    directories of earlier versions, directly in the root, belong to no lane. Returns the trash handed over;
    without `nice` and `rm` (or os.posix_spawnp) the trash is deleted here."""
    now = time.time() if now is None else now
    busy = {lane_of(now), (lane_of(now) + 1) % LANES}
    old, trash = [], []
    for p in root.iterdir():
        try:
            if p.name.startswith("dxpy-"):
                old.append((p.stat().st_mtime, p, None))
            elif p.name.startswith(LANE) and p.name[len(LANE):].isdigit():
                lane = int(p.name[len(LANE):])
                for q in p.iterdir():
                    if q.name.startswith("dxpy-"):
                        old.append((q.stat().st_mtime, q, lane))
            elif p.name.startswith(TRASH) and now - p.stat().st_mtime > 600:
                trash.append(p)
        except OSError:
            continue  # gone meanwhile: another worker's
    old.sort(key=lambda e: e[0])
    going, waiting = [], []
    for mtime, stale, lane in old[:-keep] if keep else old:
        (waiting if lane in busy and now - mtime < DEFER_AT_MOST else going).append(stale)
    going += waiting[:max(0, len(waiting) - DEFERRED_AT_MOST)]
    for stale in going:
        lane = stale.parent.name + "-" if stale.parent != root else ""
        t = root / (TRASH + lane + stale.name)
        try:
            os.rename(stale, t)
        except OSError:
            continue  # another worker took it
        trash.append(t)
    if trash:
        _delete_detached(trash)
    return trash


def _delete_detached(paths):
    args = ["nice", "-n", "19", "rm", "-rf", "--"] + [str(p) for p in paths]
    try:
        null = os.open(os.devnull, os.O_RDWR)
        try:
            os.posix_spawnp("nice", args, os.environ, setsid=True, file_actions=[
                (os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
        finally:
            os.close(null)
    except (AttributeError, OSError, NotImplementedError):
        for p in paths:
            _rmtree(p)


_FACTORY = TempPathFactory()


@fixture(scope="session")
def tmp_path_factory():
    return _FACTORY


@fixture
def tmp_path(request, tmp_path_factory):
    name = re.sub(r"[\W]", "_", request.node.name)[:30]
    return tmp_path_factory.mktemp(name, numbered=True)


@fixture(scope="session")
def tmpdir_factory(tmp_path_factory):
    return tmp_path_factory


@fixture
def tmpdir(tmp_path):
    try:
        import py
        return py.path.local(tmp_path)
    except ImportError:
        from _pytest._py.path import LocalPath
        return LocalPath(tmp_path)


# ---------------------------------------------------------------- monkeypatch
def _derive_importpath(import_path, raising):
    import importlib
    name, attr = import_path.rsplit(".", 1)
    parts = name.split(".")
    target = importlib.import_module(parts[0])
    for i, part in enumerate(parts[1:], 1):
        try:
            target = getattr(target, part)
        except AttributeError:
            target = importlib.import_module(".".join(parts[:i + 1]))
    if raising and not hasattr(target, attr):
        raise AttributeError(f"{target!r} has no attribute {attr!r}")
    return attr, target


class MonkeyPatch:
    def __init__(self):
        self._setattr = []
        self._setitem = []
        self._cwd = None
        self._savesyspath = None

    @classmethod
    @contextlib.contextmanager
    def context(cls):
        m = cls()
        try:
            yield m
        finally:
            m.undo()

    def setattr(self, target, name, value=notset, raising=True):
        if value is notset:
            if not isinstance(target, str):
                raise TypeError("use setattr(target, name, value) or setattr(target, value) with target being a dotted import string")
            value = name
            name, target = _derive_importpath(target, raising)
        oldval = getattr(target, name, notset)
        if raising and oldval is notset:
            raise AttributeError(f"{target!r} has no attribute {name!r}")
        if isinstance(target, type):
            oldval = target.__dict__.get(name, notset)
        self._setattr.append((target, name, oldval))
        setattr(target, name, value)

    def delattr(self, target, name=notset, raising=True):
        if name is notset:
            if not isinstance(target, str):
                raise TypeError("use delattr(target, name) or delattr(target) with target being a dotted import string")
            name, target = _derive_importpath(target, raising)
        if not hasattr(target, name):
            if raising:
                raise AttributeError(name)
            return
        oldval = getattr(target, name, notset)
        if isinstance(target, type):
            oldval = target.__dict__.get(name, notset)
        self._setattr.append((target, name, oldval))
        delattr(target, name)

    def setitem(self, dic, name, value):
        self._setitem.append((dic, name, dic.get(name, notset)))
        dic[name] = value

    def delitem(self, dic, name, raising=True):
        if name not in dic:
            if raising:
                raise KeyError(name)
            return
        self._setitem.append((dic, name, dic.get(name, notset)))
        del dic[name]

    def setenv(self, name, value, prepend=None):
        if not isinstance(value, str):
            warnings.warn(f"Value of environment variable {name} type should be str, but got {value!r} "
                          f"(type: {type(value).__name__}); converted to str implicitly", UserWarning, stacklevel=2)
            value = str(value)
        if prepend and name in os.environ:
            value = value + prepend + os.environ[name]
        self.setitem(os.environ, name, value)

    def delenv(self, name, raising=True):
        self.delitem(os.environ, name, raising=raising)

    def syspath_prepend(self, path):
        if self._savesyspath is None:
            self._savesyspath = sys.path[:]
        sys.path.insert(0, str(path))
        import importlib
        importlib.invalidate_caches()

    def chdir(self, path):
        if self._cwd is None:
            self._cwd = os.getcwd()
        os.chdir(path)

    def undo(self):
        for obj, name, value in reversed(self._setattr):
            if value is not notset:
                setattr(obj, name, value)
            else:
                delattr(obj, name)
        self._setattr[:] = []
        for dictionary, key, value in reversed(self._setitem):
            if value is notset:
                try:
                    del dictionary[key]
                except KeyError:
                    pass
            else:
                dictionary[key] = value
        self._setitem[:] = []
        if self._savesyspath is not None:
            sys.path[:] = self._savesyspath
            self._savesyspath = None
        if self._cwd is not None:
            os.chdir(self._cwd)
            self._cwd = None


@fixture
def monkeypatch():
    # when the suite imported pytest, pytest's own MonkeyPatch: conftests reach into it (flask's extends
    # monkeypatch._setitem with _pytest.monkeypatch.notset entries, which only pytest's undo knows)
    pytest_mp = sys.modules.get("_pytest.monkeypatch")
    mp = pytest_mp.MonkeyPatch() if pytest_mp is not None else MonkeyPatch()
    yield mp
    mp.undo()


# ---------------------------------------------------------------- capsys
CaptureResult = collections.namedtuple("CaptureResult", ["out", "err"])


class CaptureFixture:
    def __init__(self, binary=False):
        self._binary = binary
        self._out = CaptureIO()
        self._err = CaptureIO()
        self._saved = None

    def _start(self):
        self._saved = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = self._out, self._err

    def _stop(self):
        if self._saved is not None:
            sys.stdout, sys.stderr = self._saved
            self._saved = None

    def readouterr(self):
        out, err = self._out.getvalue(), self._err.getvalue()
        self._out.reset()
        self._err.reset()
        if self._binary:
            return CaptureResult(out.encode(), err.encode())
        return CaptureResult(out, err)

    @contextlib.contextmanager
    def disabled(self):
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        try:
            yield
        finally:
            sys.stdout, sys.stderr = saved


def _flush_std():
    """Flushes sys.stdout and sys.stderr, whatever they are now (a test may have replaced them)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


class FdCaptureFixture(CaptureFixture):
    """capfd as pytest's: file descriptors 1 and 2 point to temporary files while the fixture lives, and
    sys.stdout/sys.stderr write to the same descriptors, so what a subprocess or C code writes and what print()
    writes land in order in one place. What the test did not read goes on to the test's own capture at the end,
    as pytest hands it on (the test's "Captured stdout" section)."""

    def _start(self):
        _flush_std()
        self._tmp = (tempfile.TemporaryFile(), tempfile.TemporaryFile())
        self._saved_fds = (os.dup(1), os.dup(2))
        self._saved = (sys.stdout, sys.stderr)
        self._redirect()

    def _redirect(self):
        os.dup2(self._tmp[0].fileno(), 1)
        os.dup2(self._tmp[1].fileno(), 2)
        sys.stdout, sys.stderr = (self._text(1), self._text(2))

    @staticmethod
    def _text(fd):
        import io
        return io.TextIOWrapper(io.FileIO(fd, "w", closefd=False), encoding="utf-8", errors="replace",
                                write_through=True)

    def _restore(self):
        _flush_std()
        sys.stdout, sys.stderr = self._saved
        os.dup2(self._saved_fds[0], 1)
        os.dup2(self._saved_fds[1], 2)

    def _take(self, i):
        f = self._tmp[i]
        f.seek(0)
        data = f.read()
        f.seek(0)
        f.truncate()
        return data

    def readouterr(self):
        _flush_std()
        out, err = self._take(0), self._take(1)
        if self._binary:
            return CaptureResult(out, err)
        return CaptureResult(out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))

    def _stop(self):
        if self._saved is None:
            return
        self._restore()
        out, err = self._take(0), self._take(1)
        for fd in self._saved_fds:
            os.close(fd)
        for f in self._tmp:
            f.close()
        self._saved = None
        if out:
            sys.stdout.write(out.decode("utf-8", "replace"))
        if err:
            sys.stderr.write(err.decode("utf-8", "replace"))

    @contextlib.contextmanager
    def disabled(self):
        """The descriptors given back, then the base class's sys-level disabled(); both redirected again after."""
        self._restore()
        try:
            with super().disabled():
                yield
        finally:
            self._redirect()


def _capture_fixture(binary, fd=False):
    cap = FdCaptureFixture(binary) if fd else CaptureFixture(binary)
    cap._start()
    try:
        yield cap
    finally:
        cap._stop()


@fixture
def capsys():
    yield from _capture_fixture(False)


@fixture
def capsysbinary():
    yield from _capture_fixture(True)


@fixture
def capfd():
    yield from _capture_fixture(False, fd=True)


@fixture
def capfdbinary():
    yield from _capture_fixture(True, fd=True)


# ---------------------------------------------------------------- caplog
class LogCaptureFixture:
    def __init__(self):
        self.handler = LogCaptureHandler()
        self._initial_levels = {}
        self._initial_handler_level = None

    @property
    def records(self):
        return self.handler.records

    @property
    def text(self):
        return self.handler.text()

    @property
    def record_tuples(self):
        return [(r.name, r.levelno, r.getMessage()) for r in self.records]

    @property
    def messages(self):
        return [r.getMessage() for r in self.records]

    def get_records(self, when):
        return self.records

    def clear(self):
        self.handler.reset()

    def set_level(self, level, logger=None):
        lg = logging.getLogger(logger)
        self._initial_levels.setdefault(logger, lg.level)
        lg.setLevel(level)
        if self._initial_handler_level is None:
            self._initial_handler_level = self.handler.level
        self.handler.setLevel(level)

    @contextlib.contextmanager
    def at_level(self, level, logger=None):
        lg = logging.getLogger(logger)
        orig = lg.level
        lg.setLevel(level)
        hl = self.handler.level
        self.handler.setLevel(level)
        try:
            yield
        finally:
            lg.setLevel(orig)
            self.handler.setLevel(hl)

    def _finalize(self):
        for name, level in self._initial_levels.items():
            logging.getLogger(name).setLevel(level)
        if self._initial_handler_level is not None:
            self.handler.setLevel(self._initial_handler_level)


@fixture
def caplog():
    cap = LogCaptureFixture()
    root = logging.getLogger()
    root.addHandler(cap.handler)
    try:
        yield cap
    finally:
        root.removeHandler(cap.handler)
        cap._finalize()


# ---------------------------------------------------------------- recwarn
class WarningsRecorder(warnings.catch_warnings):
    def __init__(self):
        super().__init__(record=True)
        self._list = []

    @property
    def list(self):
        return self._list

    def __getitem__(self, i):
        return self._list[i]

    def __iter__(self):
        return iter(self._list)

    def __len__(self):
        return len(self._list)

    def pop(self, cls=Warning):
        for i, w in enumerate(self._list):
            if issubclass(w.category, cls):
                return self._list.pop(i)
        raise AssertionError(f"{cls!r} not found in warning list")

    def clear(self):
        self._list[:] = []

    def __enter__(self):
        self._list = super().__enter__()
        warnings.simplefilter("always")
        return self


@fixture
def recwarn():
    rec = WarningsRecorder()
    with rec:
        yield rec


# ---------------------------------------------------------------- config
@fixture(scope="session")
def pytestconfig(request):
    return request.config


@fixture
def record_property(request):
    def append(name, value):
        request.node.user_properties.append((name, value))
    return append


@fixture
def record_xml_attribute(request):
    def noop(name, value):
        pass
    return noop


@fixture(scope="session")
def doctest_namespace():
    return {}

"""The worker loop: speaks the dxpy binary protocol with the engine over inherited pipes.

The engine starts ``python -c "...; from dx_py_test_runner.worker import main; main()"``. Before the
first frame the real stdout (fd 1) is taken over for the channel and fd 1 is pointed at stderr, so a stray
write by a test or a C extension cannot corrupt the channel; stdin (fd 0) is the engine's channel in and
fd 0 is replaced by /dev/null so a test reading stdin gets EOF instead of eating frames.
"""
import os
import select
import sys
import threading
import time
import traceback

from dx_py_test_runner import __version__
from dx_py_test_runner import protocol as P

# Longest a logged frame waits for its doorbell while tests keep finishing: the engine's console and its
# tail stealing see tests at most this late (a hang is seen by the engine looking into the log itself).
# On the 10k-test corpus, 500 files of 20 tests, a file takes about 3 ms per worker, so FILE_DONE rings
# first most of the time; tests slower than this ring at each result, as one pipe write per test did
# before. Measured with DXPY_BELL_MS 2, 5, 15 and 50 on that corpus (-n 2): no difference beyond the noise.
BELL_INTERVAL = 0.015


def _bell_interval():
    """BELL_INTERVAL, or DXPY_BELL_MS from the environment (tests and measurements set it)."""
    try:
        return float(os.environ.pop("DXPY_BELL_MS")) / 1000.0
    except (KeyError, ValueError):
        return BELL_INTERVAL


_URGENT = frozenset(("failed", "error"))  # results the engine hears of at once


class Channel:
    """Frames both ways. The input is read unbuffered (one RUN_FILE per file, so that costs little) so that
    select() on its descriptor tells whether a frame waits, without blocking: stop_before() looks for a
    STOP_FILE between tests; other frames it reads wait for read().

    With a frame log (framelog.py), post() writes TEST_STARTED and TEST_RESULT frames there and rings a
    doorbell (FRAMES_LOGGED) on the pipe only for a failure, when BELL_INTERVAL has passed since the last
    write to the pipe, or when the log is half full; any other frame on the pipe (FILE_DONE) makes the
    engine read the log first. A frame that does not fit goes over the pipe, and so does the rest of that
    request (the engine reads the log up to each pipe frame, so nothing may be logged behind one). Frames on
    the pipe then carry their payload inline: the engine takes ring payloads in log order only."""

    def __init__(self, rfile, wfile, ring=None, log=None, bell_interval=BELL_INTERVAL):
        self._r = rfile
        self._w = wfile
        self._ring = ring
        self._log = log
        self._piped = False  # the log was full during this request: its frames go over the pipe
        self._last_write = time.monotonic()
        self._bell_position = 0
        self._bell_interval = bell_interval
        self._lock = threading.Lock()
        self._held = []
        self._eof = False
        try:
            self._fd = rfile.fileno()
        except (AttributeError, OSError, ValueError):
            self._fd = None  # an in-memory stream (tests): no stop requests
        self._waiting = self._select  # asked once per test: a poll object where there is one (half the cost)
        if self._fd is not None and hasattr(select, "poll"):
            poller = select.poll()
            poller.register(self._fd, select.POLLIN)
            self._waiting = lambda: poller.poll(0)

    def _select(self):
        return select.select([self._fd], [], [], 0)[0]

    def pending(self):
        """Whether a frame from the engine waits (never blocks)."""
        return bool(self._held) or (self._fd is not None and not self._eof and bool(self._waiting()))

    def send(self, msg_type, request_id, payload, flush=True):
        """flush=False leaves the frame in the buffer: it goes out with the next flushed frame."""
        with self._lock:
            self._pipe(msg_type, request_id, payload, flush)
            if msg_type == P.MessageType.FILE_DONE:
                self._piped = False

    def post(self, msg_type, request_id, payload, urgent=False):
        """A TEST_STARTED or TEST_RESULT: into the log if there is one, else over the pipe (a TEST_RESULT
        then waits in the buffer and goes out with the next frame: one write per test)."""
        with self._lock:
            log = self._log
            if log is not None and not self._piped:
                if P.HEADER_SIZE + len(payload) <= log.free():
                    log.append(P.frame_bytes(msg_type, request_id, payload, self._ring))
                    now = time.monotonic()
                    if urgent or now - self._last_write >= self._bell_interval or (
                            log.unread() > log.capacity // 2 and log.position - self._bell_position > log.capacity // 16):
                        self._bell_position = log.position
                        self._pipe(P.MessageType.FRAMES_LOGGED, request_id, P.encode_frames_logged(log.position), True)
                    return
                self._piped = True
            self._pipe(msg_type, request_id, payload, msg_type != P.MessageType.TEST_RESULT)

    def started(self, request_id, node_id):
        """The test about to run: in the frame log's running slot (no frame: the engine reads the slot when a
        crash, timeout or steal needs it, and takes a TEST_RESULT as the test's start), else, without a log or
        once the file's frames go over the pipe (the log was full), or for an id too long for the slot, a
        TEST_STARTED frame."""
        with self._lock:
            log = self._log
            if log is not None and not self._piped:
                if log.set_running(request_id, P._utf8(node_id)):
                    return
        self.post(P.MessageType.TEST_STARTED, request_id, P.encode_test_started(node_id))

    def _pipe(self, msg_type, request_id, payload, flush):
        P.write_frame(self._w, msg_type, request_id, payload, None if self._log is not None else self._ring, flush)
        if flush:
            self._last_write = time.monotonic()

    def read(self):
        if self._held:
            return self._held.pop(0)
        return P.read_frame(self._r)

    def stop_before(self, request_id):
        """The ref named by a STOP_FILE for request_id that has arrived, else None; never blocks."""
        found = None
        while self._fd is not None and not self._eof and self._waiting():
            frame = P.read_frame(self._r)
            if frame is None:
                self._eof = True
                self._held.append(None)
            elif frame.type == P.MessageType.STOP_FILE and frame.request_id == request_id:
                found = P.decode_stop_file(frame.payload)["before"]
            elif frame.type != P.MessageType.STOP_FILE:
                self._held.append(frame)
        return found


def _take_over_stdio():
    in_fd = os.dup(0)
    out_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull, "r")
    sys.stdout = sys.stderr
    return os.fdopen(in_fd, "rb", buffering=0), os.fdopen(out_fd, "wb", buffering=1 << 16)


def _watch_parent(parent_pid):
    """Exit when the engine dies (the pipe EOF covers most cases; this covers a blocked test).

    Polling rather than prctl(PR_SET_PDEATHSIG): Linux sends that signal when the *thread* that started
    the worker ends, and the engine may start a worker on one thread and use it from another."""
    while True:
        time.sleep(0.25)
        if os.getppid() != parent_pid:
            os._exit(70)


def cache_own_bytecode(package_dir=None):
    """Writes checked-hash .pyc files for this package (and its vendored parts) once per worker directory and
    Python version. Under PYTHONDONTWRITEBYTECODE, as the machines set it, Python writes none, so every worker
    start compiled the whole package again: about 80 ms of CPU each, on the path of a cold run. Checked-hash
    files stay valid after the package is copied (mtimes change) and are rejected if a source changes.
    Returns True when it compiled; never raises (a read-only cache directory just keeps compiling)."""
    try:
        tag = sys.implementation.cache_tag
        pkg = package_dir or os.path.dirname(os.path.abspath(__file__))
        if tag is None:
            return False
        done = os.path.join(pkg, "__pycache__", ".dxpy-compiled-" + tag)
        if os.path.exists(done) or not os.access(pkg, os.W_OK):
            return False
        import compileall
        import py_compile
        ok = compileall.compile_dir(pkg, quiet=2, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
        if ok:
            os.makedirs(os.path.dirname(done), exist_ok=True)
            open(done, "w").close()
        return bool(ok)
    except Exception:
        return False


def _open_ring():
    """The engine's shared-memory ring named by DXPY_SHM, or None (then every payload goes inline)."""
    path = os.environ.pop("DXPY_SHM", None)
    if not path:
        return None
    try:
        from dx_py_test_runner.shm import SharedRing
        ring = SharedRing.open(path)
    except (OSError, ValueError):
        return None
    try:
        os.unlink(path)  # mapped now: nothing is left in /dev/shm even if the engine is killed
    except OSError:
        pass
    return ring


def _open_log():
    """The engine's frame log named by DXPY_FRAMELOG, or None (then every frame goes over the pipe)."""
    path = os.environ.pop("DXPY_FRAMELOG", None)
    if not path:
        return None
    try:
        from dx_py_test_runner.framelog import FrameLog
        log = FrameLog.open(path)
    except (OSError, ValueError):
        return None
    try:
        os.unlink(path)
    except OSError:
        pass
    return log


def main():
    rfile, wfile = _take_over_stdio()
    chan = Channel(rfile, wfile, _open_ring(), _open_log(), _bell_interval())
    parent = os.getppid()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="dxpy-ppid").start()
    impl = sys.implementation.name
    ver = "%d.%d.%d" % sys.version_info[:3]
    chan.send(P.MessageType.HELLO, 0, P.encode_hello(os.getpid(), ver, impl, __version__))
    cache_own_bytecode()  # first start in this worker directory only
    _early_preload()
    session = None
    try:
        while True:
            frame = chan.read()
            if frame is None:
                break
            t = frame.type
            if t == P.MessageType.CONFIGURE:
                cfg = P.decode_configure(frame.payload)
                session = _configure(cfg)
                if cfg.get("collect_ahead"):
                    stamps = _collect_ahead(session, cfg["collect_ahead"], chan.pending)
                    chan.send(P.MessageType.COLLECTED, 0, P.encode_collected(stamps))
            elif t == P.MessageType.RUN_FILE:
                req = P.decode_run_file(frame.payload)
                if req.get("collect_only"):
                    _collect_file(chan, frame.request_id, session, req)
                else:
                    _run_file(chan, frame.request_id, session, req)
            elif t == P.MessageType.HEARTBEAT:
                chan.send(P.MessageType.HEARTBEAT, frame.request_id, P.encode_heartbeat(time.monotonic_ns()))
            elif t == P.MessageType.SHUTDOWN:
                break
            elif t == P.MessageType.STOP_FILE:
                pass  # its request was over before it arrived
            else:
                chan.send(P.MessageType.WORKER_ERROR, frame.request_id,
                          P.encode_worker_error("unexpected message type %d from the engine" % t, "", False))
    except P.ProtocolError as e:
        try:
            chan.send(P.MessageType.WORKER_ERROR, 0,
                      P.encode_worker_error("corrupted channel: %s" % e, traceback.format_exc(), True))
        except Exception:
            pass
        os._exit(3)
    finally:
        if session is not None:
            try:
                session.finish()
            except Exception:
                pass
    try:
        wfile.flush()
    except Exception:
        pass
    # skip interpreter teardown of whatever the tests left behind (threads, atexit of libraries)
    os._exit(0)


def _early_preload():
    """The preloads of the last run in this directory (DXPY_PRELOAD_HINT: the rootdir, a newline, the modules
    comma-separated), imported while the engine is still discovering: Configure's preload then finds them done.
    The engine uses such a worker only when the run's configuration fits the hint (same rootdir, no pythonpath
    entries, at least these preloads); otherwise it kills it."""
    hint = os.environ.pop("DXPY_PRELOAD_HINT", None)
    if not hint:
        return
    rootdir, _, names = hint.partition("\n")
    preload([n for n in names.split(",") if n], rootdir)


def _configure(cfg):
    for p in reversed(cfg["sys_path"]):
        if p not in sys.path:
            sys.path.insert(0, p)
    from dx_py_test_runner import importer
    # pytest's --import-mode from the project's addopts, set by the engine (prepend when unset)
    importer.set_mode(os.environ.pop("DXPY_IMPORT_MODE", "") or "prepend", cfg["rootdir"])
    preload(cfg["preload"], cfg["rootdir"])
    from dx_py_test_runner import project_code  # after the preloads: third-party modules keep their own pycs
    project_code.install(cfg["rootdir"])
    if cfg.get("fixture_keys"):  # the engine's cache keys take precedence over fixture_cache.fallback_key
        from dx_py_test_runner import fixture_cache
        fixture_cache.ENGINE_KEYS.update({(name, file): key for name, file, key in cfg["fixture_keys"]})
    from dx_py_test_runner.runner import Session
    session = Session(cfg["rootdir"], python_files=cfg["python_files"], python_classes=cfg["python_classes"],
                      python_functions=cfg["python_functions"])
    # the worker, pytest and the preloads live as long as the worker: out of the collector's way, so the
    # collections the tests' allocations trigger no longer walk them (garbage the tests make is unaffected)
    import gc
    gc.freeze()
    return session


def _collect_ahead(session, files, pending=None):
    """A spare's head start (see ahead.py): the run's files imported and collected now; their stamps returned.
    Any frame from the engine meanwhile (it sends a HEARTBEAT when a run wants this worker) ends it after the
    file at hand: the rest is imported when run. (What it created is not frozen for the collector: measured, that
    saved nothing, and frozen cycles that die later would never be collected.)"""
    from dx_py_test_runner import ahead, importer
    try:
        stamps = ahead.collect(session, files, (os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                importer._cache_root()), pending)
    except Exception as e:  # never a spare that claims what it did not do: no stamps, and the engine drops it
        sys.stderr.write("dxpy: collecting ahead failed: %r\n" % (e,))
        stamps = [("", -1, -1)]
    return stamps


def preload(names, rootdir):
    """Imports the suite's third-party modules before the first test; returns the names imported.

    Standard-library names and anything that resolves inside the rootdir (the project's own code, which
    must be imported fresh by its tests) are skipped; a module that fails to import is left to the test
    that imports it to report."""
    import importlib.util
    stdlib = getattr(sys, "stdlib_module_names", frozenset())
    root = os.path.join(os.path.abspath(rootdir), "") if rootdir else None
    done = []
    for name in names:
        if name in stdlib or name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)
            origin = spec and (spec.origin or (list(spec.submodule_search_locations or []) or [None])[0])
            if spec is None or (root and origin and os.path.abspath(origin).startswith(root)):
                continue
            __import__(name)
            done.append(name)
        except KeyboardInterrupt:
            raise
        except BaseException:
            pass
    return done


def _run_file(chan, request_id, session, req):
    """Runs one RUN_FILE request. Each test is announced by Channel.started (the frame log's running slot, else a
    TEST_STARTED frame); TEST_RESULT frames go through Channel.post: into the shared-memory frame log, where they
    survive a crash of this process, with a doorbell on the pipe now and then. Without a log a test's TEST_RESULT
    is buffered and goes out in one write with the next test's TEST_STARTED (or the FILE_DONE); if the worker
    dies in between (pytest's hooks in the fallback, a doctest run after the native tests) that result is lost
    and the engine runs the test again on the new worker, reporting it once."""
    started = [False]
    held = []

    def on_start(node_id):
        started[0] = True
        chan.started(request_id, node_id)

    def on_result(r):
        if not started[0] and r.get("outcome") == "error":
            held.append(r)  # an import error reported per test: the file's status says it once
            return
        _send_result(chan, request_id, r)

    stop_at = []

    def stop(ref):
        if not stop_at:
            before = chan.stop_before(request_id)
            if before is not None:
                stop_at.append(before)
        return bool(stop_at) and stop_at[0] == ref

    try:
        status = session.run_file(req["file"], req["tests"], on_start=on_start, on_result=on_result, stop=stop)
    except BaseException as e:  # a bug in the runner must not lose the file's results
        if isinstance(e, KeyboardInterrupt):
            raise
        status = {"file": req["file"], "error": "internal error in dxpy worker: %r" % (e,),
                  "error_line": 0, "longrepr": traceback.format_exc()}
    if not status.get("error"):
        for r in held:
            _send_result(chan, request_id, r)
    snaps = sys.modules.get("dx_py_test_runner.snapshots")
    if snaps is not None:  # the engine reads the used-snapshot lists once the last file is done
        snaps.flush_used()
    chan.send(P.MessageType.FILE_DONE, request_id,
              P.encode_file_done(req["file"], status.get("error") or "", int(status.get("error_line") or 0),
                                 status.get("longrepr") or "", bool(status.get("ignored"))))


def _collect_file(chan, request_id, session, req):
    """RunFile with collect_only: one TEST_STARTED per test the file would run, then FILE_DONE; runs nothing."""
    try:
        ids, status = session.collect_file(req["file"], req["tests"])
    except BaseException as e:
        if isinstance(e, KeyboardInterrupt):
            raise
        ids, status = [], {"error": "internal error in dxpy worker: %r" % (e,), "longrepr": traceback.format_exc()}
    for node_id in ids:
        chan.post(P.MessageType.TEST_STARTED, request_id, P.encode_test_started(node_id))
    chan.send(P.MessageType.FILE_DONE, request_id,
              P.encode_file_done(req["file"], status.get("error") or "", int(status.get("error_line") or 0),
                                 status.get("longrepr") or "", bool(status.get("ignored"))))


def _send_result(chan, request_id, r):
    chan.post(P.MessageType.TEST_RESULT, request_id, P.encode_test_result(
        r["node_id"], r["outcome"], int(r.get("duration_ns", 0)), r.get("message") or "",
        r.get("longrepr") or "", r.get("stdout") or "", r.get("stderr") or "", r.get("log") or "",
        bool(r.get("runtime_expanded")), r.get("fallback_reason") or "", r.get("phase") or ""), r["outcome"] in _URGENT)


if __name__ == "__main__":
    main()

"""@dx.fixture(cache=True): hit, miss on source / dependency / module change, corruption, concurrent creators."""
import glob
import mmap
import os
import subprocess
import sys

from support import WORKER_DIR, run_dx, write

CONFTEST = '''
import dx_py_test_runner as dx

@dx.fixture(scope="session")
def base():
    return 40
'''

TEST = '''
import os
import numpy as np
import dx_py_test_runner as dx
import helper

@dx.fixture(scope="session", cache=True)
def big(base):
    with open(os.path.join(os.path.dirname(__file__), "created.log"), "a") as f:
        f.write("x\\n")
    return {"arr": np.arange(1000, dtype=np.int64) + base, "answer": helper.VALUE + base}

def test_value(big):
    assert big["answer"] == 42
    assert big["arr"][0] == 40

def test_again(big):
    assert big["arr"].sum() == sum(range(1000)) + 40 * 1000
'''


def _setup(tmp_path):
    write(tmp_path, {"conftest.py": CONFTEST, "test_big.py": TEST, "helper.py": "VALUE = 2\n"})


def _run(tmp_path):
    results, status, _ = run_dx(tmp_path, [("test_big.py", [("test_big.py::test_value", False),
                                                            ("test_big.py::test_again", False)])])
    assert [r["outcome"] for r in results] == ["passed", "passed"], results
    return _created(tmp_path)


def _created(tmp_path):
    p = tmp_path / "created.log"
    return len(p.read_text().split()) if p.exists() else 0


def test_hit_then_miss_on_source_change(tmp_path):
    _setup(tmp_path)
    assert _run(tmp_path) == 1
    assert _run(tmp_path) == 1  # second run: the value comes from .dxpy/fixtures
    assert len(glob.glob(str(tmp_path / ".dxpy" / "fixtures" / "big-*.dxfc"))) == 1
    write(tmp_path, {"test_big.py": TEST.replace('"answer"', '"answer" ')})
    assert _run(tmp_path) == 2


def test_miss_on_dependency_change(tmp_path):
    _setup(tmp_path)
    assert _run(tmp_path) == 1
    write(tmp_path, {"conftest.py": CONFTEST + "\n# touched\n"})
    assert _run(tmp_path) == 1  # only the conftest's text outside base() changed
    write(tmp_path, {"conftest.py": CONFTEST.replace("return 40", "return 40  # changed")})
    assert _run(tmp_path) == 2


def test_miss_on_project_module_change(tmp_path):
    _setup(tmp_path)
    assert _run(tmp_path) == 1
    write(tmp_path, {"helper.py": "VALUE = 2  # same value, new source\n"})
    assert _run(tmp_path) == 2


def test_corrupted_or_truncated_file_is_recreated(tmp_path):
    _setup(tmp_path)
    assert _run(tmp_path) == 1
    path = glob.glob(str(tmp_path / ".dxpy" / "fixtures" / "big-*.dxfc"))[0]
    data = bytearray(open(path, "rb").read())
    data[-10] ^= 0xFF
    open(path, "wb").write(bytes(data))
    assert _run(tmp_path) == 2
    open(path, "r+b").truncate(100)
    assert _run(tmp_path) == 3
    assert _run(tmp_path) == 3


CREATOR = r'''
import sys, time
sys.path.insert(0, sys.argv[1])
from dx_py_test_runner import fixture_cache
def create():
    with open(sys.argv[3], "a") as f:
        f.write("x\n")
    time.sleep(1.0)
    return bytearray(b"v" * 100000)
v = fixture_cache.load_or_create(sys.argv[2], "shared", "k" * 64, create)
assert bytes(v) == b"v" * 100000
'''


def test_concurrent_creators_build_once(tmp_path):
    script = tmp_path / "creator.py"
    script.write_text(CREATOR)
    log = tmp_path / "log"
    procs = [subprocess.Popen([sys.executable, str(script), WORKER_DIR, str(tmp_path), str(log)]) for _ in range(2)]
    assert [p.wait(60) for p in procs] == [0, 0]
    assert log.read_text().count("x") == 1


def test_unpicklable_value_names_the_fixture(tmp_path):
    write(tmp_path, {"test_bad.py": '''
import threading
import dx_py_test_runner as dx

@dx.fixture(cache=True)
def lock():
    return threading.Lock()

def test_lock(lock):
    pass
'''})
    results, _, _ = run_dx(tmp_path, [("test_bad.py", [("test_bad.py::test_lock", False)])])
    assert results[0]["outcome"] == "error"
    assert "fixture 'lock' has cache=True but its value cannot be pickled" in results[0]["longrepr"]


def test_yield_fixture_cannot_be_cached():
    sys.path.insert(0, WORKER_DIR)
    import dx_py_test_runner as dx
    try:
        @dx.fixture(cache=True)
        def gen():
            yield 1
    except TypeError as exc:
        assert "cache=True needs a plain function" in str(exc)
    else:
        raise AssertionError("expected TypeError")


def test_hit_maps_numpy_buffers_without_copying(tmp_path):
    sys.path.insert(0, WORKER_DIR)
    import numpy as np
    from dx_py_test_runner import fixture_cache
    made = fixture_cache.load_or_create(tmp_path, "arr", "a" * 64, lambda: np.ones(10000))
    assert made.flags.owndata
    hit = fixture_cache.load_or_create(tmp_path, "arr", "a" * 64, lambda: 1 / 0)
    owner = hit
    while isinstance(owner, np.ndarray):
        owner = owner.base
    assert not hit.flags.owndata and isinstance(owner, memoryview)  # a view over the mapped file
    while isinstance(owner, memoryview):
        owner = owner.obj
    assert isinstance(owner, mmap.mmap)
    assert hit.flags.writeable and hit.sum() == 10000.0  # copy-on-write mapping: writes stay private
    hit[0] = 5
    again = fixture_cache.load_or_create(tmp_path, "arr", "a" * 64, lambda: 1 / 0)
    assert again[0] == 1.0


def _cache_module():
    sys.path.insert(0, WORKER_DIR)
    from dx_py_test_runner import fixture_cache
    return fixture_cache


class _CountingHashlib:
    def __init__(self, real):
        self.real, self.calls = real, 0

    def blake2b(self, *a, **k):
        self.calls += 1
        return self.real.blake2b(*a, **k)


def test_a_verified_file_is_mapped_without_reading_it_again(tmp_path, monkeypatch):
    fc = _cache_module()
    counting = _CountingHashlib(fc.hashlib)
    monkeypatch.setattr(fc, "hashlib", counting)
    value = fc.load_or_create(str(tmp_path), "v", "k" * 64, lambda: bytearray(b"x" * 50000))
    path = glob.glob(str(tmp_path / ".dxpy" / "fixtures" / "v-*.dxfc"))[0]
    counting.calls = 0
    monkeypatch.setattr(fc, "RACY_NS", 10 ** 18)  # too recent to trust: checked in full, no stamp
    assert bytes(fc.load_or_create(str(tmp_path), "v", "k" * 64, None)) == bytes(value)
    assert counting.calls == 1 and not os.path.exists(path + ".ok")
    monkeypatch.setattr(fc, "RACY_NS", 0)
    fc.load_or_create(str(tmp_path), "v", "k" * 64, None)  # full check, leaves the stamp
    assert counting.calls == 2 and os.path.exists(path + ".ok")
    fc.load_or_create(str(tmp_path), "v", "k" * 64, None)
    assert counting.calls == 2  # the stamp matched: no checksum, the file was only mapped


def test_a_stamp_does_not_hide_a_later_in_place_corruption(tmp_path, monkeypatch):
    fc = _cache_module()
    monkeypatch.setattr(fc, "RACY_NS", 0)
    fc.load_or_create(str(tmp_path), "v", "k" * 64, lambda: bytearray(b"x" * 50000))
    path = glob.glob(str(tmp_path / ".dxpy" / "fixtures" / "v-*.dxfc"))[0]
    fc.load_or_create(str(tmp_path), "v", "k" * 64, None)
    assert os.path.exists(path + ".ok")
    st = os.stat(path)
    with open(path, "r+b") as f:  # same size, and the mtime put back: only the ctime tells
        f.seek(st.st_size - 10)
        f.write(b"y")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    rebuilt = fc.load_or_create(str(tmp_path), "v", "k" * 64, lambda: bytearray(b"z" * 10))
    assert bytes(rebuilt) == b"z" * 10

"""Rewritten test modules are cached on disk like pytest's bytecode; under PYTHONDONTWRITEBYTECODE outside the source tree."""
import os
import subprocess
import sys

from support import WORKER_DIR, write

DRIVER = r'''
import sys
sys.path.insert(0, sys.argv[1])
from dx_py_test_runner.runner import Session
s = Session(sys.argv[2])
out = []
s.run_file("test_c.py", [("test_c.py::test_x", False)], on_result=out.append)
print(out[0]["outcome"], out[0]["message"])
'''


def run(root, dont_write):
    env = dict(os.environ)
    env["DXPY_CACHE"] = str(root / ".cache")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if dont_write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    p = subprocess.run([sys.executable, "-c", DRIVER, WORKER_DIR, str(root)], env=env, capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout.strip()


def test_cache_written_reused_and_invalidated_by_a_source_change(tmp_path):
    write(tmp_path, {"test_c.py": "def test_x():\n    a = 1\n    assert a == 2\n"})
    cache = tmp_path / "__pycache__" / f"test_c.{sys.implementation.cache_tag}-dxpy.pyc"
    assert run(tmp_path, dont_write=True) == "failed assert 1 == 2"
    assert not cache.exists()  # nothing written into the source tree
    outside = list((tmp_path / ".cache" / "rewritten").glob("*-test_c.*-dxpy.pyc"))
    assert len(outside) == 1  # but kept in dxpy's cache
    assert run(tmp_path, dont_write=True) == "failed assert 1 == 2"  # read back from there
    assert run(tmp_path, dont_write=False) == "failed assert 1 == 2"
    assert cache.exists()
    assert run(tmp_path, dont_write=False) == "failed assert 1 == 2"  # from the cache: still rewritten
    write(tmp_path, {"test_c.py": "def test_x():\n    a = 3\n    assert a == 2\n"})
    os.utime(tmp_path / "test_c.py", ns=(1, 1))
    assert run(tmp_path, dont_write=False) == "failed assert 3 == 2"


def test_under_dont_write_bytecode_a_source_change_is_seen(tmp_path):
    write(tmp_path, {"test_c.py": "def test_x():\n    a = 1\n    assert a == 2\n"})
    assert run(tmp_path, dont_write=True) == "failed assert 1 == 2"
    write(tmp_path, {"test_c.py": "def test_x():\n    a = 5\n    assert a == 2\n"})
    os.utime(tmp_path / "test_c.py", ns=(1, 1))
    assert run(tmp_path, dont_write=True) == "failed assert 5 == 2"

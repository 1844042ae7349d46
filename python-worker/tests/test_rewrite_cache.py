"""Rewritten test modules are cached on disk like pytest's bytecode, unless PYTHONDONTWRITEBYTECODE is set."""
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
    assert run(tmp_path, dont_write=True) == "failed AssertionError: assert 1 == 2"
    assert not cache.exists()
    assert run(tmp_path, dont_write=False) == "failed AssertionError: assert 1 == 2"
    assert cache.exists()
    assert run(tmp_path, dont_write=False) == "failed AssertionError: assert 1 == 2"  # from the cache: still rewritten
    write(tmp_path, {"test_c.py": "def test_x():\n    a = 3\n    assert a == 2\n"})
    os.utime(tmp_path / "test_c.py", ns=(1, 1))
    assert run(tmp_path, dont_write=False) == "failed AssertionError: assert 3 == 2"

"""The worker package compiles itself once per directory and Python version (worker.cache_own_bytecode)."""
import importlib.util
import os
import shutil
import subprocess
import sys

from support import WORKER_DIR

PROBE = r'''
import sys
sys.path.insert(0, sys.argv[1])
import dx_py_test_runner.runner as r
print("ok")
'''


def _pyc(src):
    return importlib.util.cache_from_source(src)


def test_first_start_writes_checked_hash_pyc_files_and_later_starts_use_them(tmp_path):
    root = tmp_path / "worker"
    shutil.copytree(WORKER_DIR, root, ignore=shutil.ignore_patterns("__pycache__"))
    pkg = root / "dx_py_test_runner"
    from dx_py_test_runner import worker
    assert worker.cache_own_bytecode(str(pkg)) is True
    assert worker.cache_own_bytecode(str(pkg)) is False  # done once
    runner = pkg / "runner.py"
    data = open(_pyc(str(runner)), "rb").read()
    flags = int.from_bytes(data[4:8], "little")
    assert flags == 0b11  # hash-based, checked against the source
    assert data[8:16] == importlib.util.source_hash(runner.read_bytes())
    vendored = [f for d, _, fs in os.walk(pkg / "_vendor") for f in fs if f.endswith(".pyc")]
    assert vendored  # the vendored flatbuffers runtime too

    # a later start under PYTHONDONTWRITEBYTECODE imports fine; an edited source is not served stale bytecode
    runner.write_text(runner.read_text() + "\nEDITED = 1\n")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    p = subprocess.run([sys.executable, "-c", PROBE.replace('print("ok")', 'print(r.EDITED)'), str(root)], env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "1"


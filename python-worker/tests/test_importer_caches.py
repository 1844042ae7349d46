"""importlib's directory caches are invalidated once per worker, not per test file: a file made later in the
same mtime tick as a directory's last listing is still found (listed again when its import finds nothing)."""
import os
import subprocess
import sys

from support import WORKER_DIR, write

DRIVER = r'''
import os, sys
sys.path.insert(0, sys.argv[1])
from dx_py_test_runner.runner import Session
root = sys.argv[2]
s = Session(root)
out = []
s.run_file("test_a.py", [("test_a.py::test_a", False)], on_result=out.append)
st = os.stat(root)
with open(os.path.join(root, "test_b.py"), "w") as f:
    f.write("def test_b():\n    assert 1 + 1 == 2\n")
os.utime(root, ns=(st.st_atime_ns, st.st_mtime_ns))  # as if made in the tick the finder listed the directory
s.run_file("test_b.py", [("test_b.py::test_b", False)], on_result=out.append)
s.run_file("test_c.py", [("test_c.py::test_c", False)], on_result=out.append)
print([(r["node_id"], r["outcome"]) for r in out])
'''


def test_file_made_after_the_listing_in_the_same_tick_is_found(tmp_path):
    write(tmp_path, {"test_a.py": "def test_a():\n    pass\n",
                     "test_c.py": "import no_such_module_dxpy\n\ndef test_c():\n    pass\n"})
    p = subprocess.run([sys.executable, "-c", DRIVER, WORKER_DIR, str(tmp_path)], capture_output=True, text=True,
                       timeout=60, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == ("[('test_a.py::test_a', 'passed'), ('test_b.py::test_b', 'passed'), "
                                "('test_c.py::test_c', 'error')]")


CHANGED = r'''
import os, sys
sys.path.insert(0, sys.argv[1])
from dx_py_test_runner.runner import Session
root = sys.argv[2]
s = Session(root)
out = []
s.run_file("test_v.py", [("test_v.py::test_v", False)], on_result=out.append)
path = os.path.join(root, "test_v.py")
st = os.stat(path)
with open(path, "w") as f:
    f.write("def test_v():\n    assert 2 == 3\n")
os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
s.run_file("test_v.py", [("test_v.py::test_v", False)], on_result=out.append)
print([(r["node_id"], r["outcome"]) for r in out])
'''


def test_a_file_changed_between_two_runs_in_one_session_is_imported_again(tmp_path):
    write(tmp_path, {"test_v.py": "def test_v():\n    assert 2 == 2\n"})
    p = subprocess.run([sys.executable, "-c", CHANGED, WORKER_DIR, str(tmp_path)], capture_output=True, text=True,
                       timeout=60, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[('test_v.py::test_v', 'passed'), ('test_v.py::test_v', 'failed')]"

"""Project modules compiled once into dxpy's cache and checked by source digest (project_code)."""
import os
import subprocess
import sys

from support import WORKER_DIR, write

DRIVER = r'''
import sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
from dx_py_test_runner import project_code
project_code.install(sys.argv[2])
import pkg.mod, json
print(pkg.mod.VALUE, type(pkg.mod.__loader__).__name__, type(json.__loader__).__name__, pkg.mod.__file__ == sys.argv[3])
'''


def run(root):
    env = dict(os.environ)
    env["DXPY_CACHE"] = str(root / ".cache")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # even where Python would write __pycache__, nothing lands in the tree
    p = subprocess.run([sys.executable, "-c", DRIVER, WORKER_DIR, str(root), str(root / "pkg" / "mod.py")], env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout.split()


def test_cached_outside_the_tree_and_a_same_size_same_second_edit_is_seen(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/mod.py": "VALUE = 1\n"})
    mod = tmp_path / "pkg" / "mod.py"
    st = os.stat(mod)
    assert run(tmp_path) == ["1", "ProjectLoader", "SourceFileLoader", "True"]
    assert not (tmp_path / "pkg" / "__pycache__").exists()
    cached = list((tmp_path / ".cache" / "bytecode").glob("*-mod.*.pyc"))
    assert len(cached) == 1
    assert run(tmp_path)[0] == "1"  # from the cache
    mod.write_text("VALUE = 2\n")  # same size...
    os.utime(mod, ns=(st.st_atime_ns, st.st_mtime_ns))  # ...and same mtime: a timestamp pyc would say "fresh"
    assert run(tmp_path)[0] == "2"
    assert run(tmp_path)[0] == "2"


def test_a_damaged_cache_file_is_compiled_again(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/mod.py": "VALUE = 3\n"})
    assert run(tmp_path)[0] == "3"
    for p in (tmp_path / ".cache" / "bytecode").glob("*-mod.*.pyc"):
        p.write_bytes(p.read_bytes()[:20])
    assert run(tmp_path)[0] == "3"

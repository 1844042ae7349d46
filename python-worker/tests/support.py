"""Helpers for the compatibility tests: run sample files through real pytest and through Session."""
import json
import os
import subprocess
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER_DIR = os.environ.get("DXPY_WORKER_DIR") or next(
    (p for p in sys.path if os.path.isdir(os.path.join(p, "dx_py_test_runner"))), None)

DRIVER = r'''
import json, sys
sys.path.insert(0, sys.argv[1])
from dx_py_test_runner.runner import Session
spec = json.load(open(sys.argv[2]))
from dx_py_test_runner import importer
importer.set_mode(spec.get("import_mode") or "prepend", spec["root"])
s = Session(spec["root"], **spec["config"])
if spec.get("collect"):
    json.dump([s.collect_file(f, [tuple(t) for t in tests]) for f, tests in spec["files"]], open(sys.argv[3], "w"))
    sys.exit(0)
results = []
status = []
for f, tests in spec["files"]:
    status.append(s.run_file(f, [tuple(t) for t in tests], on_result=results.append))
fin = s.finish()
json.dump({"results": results, "status": status, "finish": fin}, open(sys.argv[3], "w"))
'''


def write(root, files):
    for rel, text in files.items():
        path = os.path.join(str(root), rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(textwrap.dedent(text))


def run_pytest(root, *args):
    """Return (ordered node ids, {node id: outcome}, collect errors) from a real pytest run."""
    out = os.path.join(str(root), ".outcomes.json")
    env = dict(os.environ)
    env["DXPY_OUTCOMES"] = out
    env["PYTHONPATH"] = HERE
    env.pop("PYTEST_ADDOPTS", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "outcome_plugin",
                    *args], cwd=str(root), env=env, capture_output=True, text=True, timeout=120)
    with open(out) as f:
        data = json.load(f)
    os.remove(out)
    return data["order"], data["outcomes"], data["collect_errors"]


def run_dx(root, files, config=None, import_mode=None, collect=False):
    """files: list of (relpath, [(node id, expand)]). Return (results list, file statuses, finish errors);
    with collect, the list of (node ids, status) Session.collect_file returns per file."""
    spec = {"root": str(root), "files": files, "import_mode": import_mode, "collect": collect,
            "config": config or {"python_files": ["test_*.py", "*_test.py"], "python_classes": ["Test"],
                                 "python_functions": ["test"]}}
    spec_path = os.path.join(str(root), ".spec.json")
    out_path = os.path.join(str(root), ".dx.json")
    driver = os.path.join(str(root), ".driver.py")
    with open(spec_path, "w") as f:
        json.dump(spec, f)
    with open(driver, "w") as f:
        f.write(DRIVER)
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run([sys.executable, driver, WORKER_DIR, spec_path, out_path], cwd=str(root), env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    with open(out_path) as f:
        data = json.load(f)
    if collect:
        return data
    return data["results"], data["status"], data["finish"]


def compare(root, files, *pytest_args):
    """Write files, run pytest and Session on the same ids, assert equal ids and outcomes; return dx results."""
    write(root, files)
    order, outcomes, errors = run_pytest(root, *pytest_args)
    assert not errors, f"pytest collection errors: {errors}"
    by_file = {}
    for nid in order:
        by_file.setdefault(nid.split("::")[0], []).append((nid, False))
    results, status, _ = run_dx(root, list(by_file.items()))
    got = {r["node_id"]: r["outcome"] for r in results}
    ids = [r["node_id"] for r in results]
    assert ids == order, f"node ids differ:\n dx:     {ids}\n pytest: {order}"
    diff = {k: (got.get(k), v) for k, v in outcomes.items() if got.get(k) != v}
    assert not diff, f"outcomes differ (dx, pytest): {diff}"
    return {r["node_id"]: r for r in results}


def start_worker(root, env=None):
    """A worker process (the package the tests import, as the engine starts it) over pipes, in root."""
    from dx_py_test_runner import protocol
    worker_dir = os.path.dirname(os.path.dirname(os.path.abspath(protocol.__file__)))
    boot = "import sys; sys.path.append(%r); from dx_py_test_runner.worker import main; main()" % worker_dir
    return subprocess.Popen([sys.executable, "-c", boot], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=str(root), env=env)

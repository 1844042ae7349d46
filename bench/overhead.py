#!/usr/bin/env python3
"""Per-test overhead of dx-py's native engine against pytest (issue 3), one worker, same machine, same run.

    bench/overhead.py [--files 20] [--tests 500] [--repeat 3] [--dx PATH/TO/dx-py]

Writes two suites to a temp dir: BIG (FILES files x TESTS trivial tests, `def test_i(): pass`) and EMPTY
(one file with one trivial test). For each tool and each PYTHONDONTWRITEBYTECODE setting it times both
suites (best of REPEAT, after one warm-up run that lets dx-py build its index and Python its bytecode) and
reports

    overhead per test = (wall(BIG) - wall(EMPTY)) / (N - 1)          N = FILES x TESTS

i.e. what each additional test costs end to end (collection, import, run, report), with the fixed start-up
cost (JVM, interpreters, plugin loading) taken out. Commands: `python3 -m pytest -p no:cacheprovider -q`
and `dx-py test -n 1 -q`. Prints a markdown table.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def write_suite(root, files, tests):
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "pytest.ini"), "w") as f:
        f.write("[pytest]\n")
    for i in range(files):
        with open(os.path.join(root, "test_f%03d.py" % i), "w") as f:
            f.write("".join("def test_%d():\n    pass\n\n" % j for j in range(tests)))


def wall(cmd, cwd, env):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("command failed (%d): %s\n%s%s" % (p.returncode, " ".join(cmd), p.stdout[-2000:], p.stderr[-2000:]))
    return t


def best(cmd, cwd, env, repeat):
    wall(cmd, cwd, env)  # warm-up: index, bytecode, page cache
    return min(wall(cmd, cwd, env) for _ in range(repeat))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--tests", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dx", default=os.path.join(os.path.dirname(HERE), "dx-py"))
    a = ap.parse_args()
    n = a.files * a.tests
    tmp = tempfile.mkdtemp(prefix="dxpy-overhead-")
    try:
        big, empty = os.path.join(tmp, "big"), os.path.join(tmp, "empty")
        write_suite(big, a.files, a.tests)
        write_suite(empty, 1, 1)
        tools = {"pytest": [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"],
                 "dx-py": [a.dx, "test", "-n", "1", "-q"]}
        rows = []
        for dwb in ("1", ""):
            env = dict(os.environ)
            env.pop("PYTEST_ADDOPTS", None)
            if dwb:
                env["PYTHONDONTWRITEBYTECODE"] = dwb
            else:
                env.pop("PYTHONDONTWRITEBYTECODE", None)
            per = {}
            for tool, cmd in tools.items():
                w_big = best(cmd, big, env, a.repeat)
                w_empty = best(cmd, empty, env, a.repeat)
                per[tool] = (w_big, w_empty, (w_big - w_empty) / (n - 1) * 1e6)
            for tool in tools:
                w_big, w_empty, us = per[tool]
                ratio = per["pytest"][2] / us if tool == "dx-py" and us > 0 else None
                rows.append((dwb or "unset", tool, w_big, w_empty, us, ratio))
        print("%d tests (%d files x %d), one worker, best of %d after a warm-up run\n" % (n, a.files, a.tests, a.repeat))
        print("| PYTHONDONTWRITEBYTECODE | tool | wall, %d tests (s) | wall, 1 test (s) | overhead per test (µs) | pytest / dx-py |" % n)
        print("|---|---|---:|---:|---:|---:|")
        for dwb, tool, w_big, w_empty, us, ratio in rows:
            print("| %s | %s | %.2f | %.2f | %.1f | %s |" % (dwb, tool, w_big, w_empty, us,
                                                            "%.1fx" % ratio if ratio else ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The Python worker's CPU per test on the 10k gen_corpus suite, without the JVM (issue 4).

Usage: bench/worker_cpu.py [--corpus DIR] [--worker-dir DIR ...] [--reps 5] [--phases]

Each run is a fresh interpreter that drives the worker's own loop functions (`worker._configure`,
`worker._run_file`, the real protocol encoders; frames go to memory) over every file of the corpus, then checks
each result against the corpus manifest. It prints the CPU time of the run (configure to last FileDone, process
time, so system time included) per test; median and minimum of --reps runs. Several --worker-dir (built worker
packages, e.g. python-worker/target/classes/dxpy-worker and another build's) are run in turn, so their ratio
comes from one machine state. --phases adds where the time goes (import, collection, running, sending), measured
with wrappers that cost about a microsecond per call themselves.

Notes: pytest is not preloaded here (the engine's Configure would): the first conftest import pays for it. Each
build runs with its own DXPY_CACHE and PYTHONDONTWRITEBYTECODE=1, so its rewritten test modules and project
bytecode live in its own cache (written by a first run that is not counted): with the shared __pycache__ or
cache, two builds whose rewrite.py differ (even only in mtime) rewrote every test module on every run.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench import find_corpus_gen  # noqa: E402

DRIVER = r'''
import io, json, os, sys, tempfile, time
worker_dir, root, phases = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
sys.path.insert(0, worker_dir)
from dx_py_test_runner import worker, protocol as P, runner
tempfile.tempdir = tempfile.mkdtemp(prefix="dxpy-worker-cpu-", dir=os.environ.get("WORKER_CPU_TMP") or None)  # tmp_path here
manifest = json.load(open(os.path.join(root, "manifest.json")))["nodeids"]
by_file = {}
for node_id in manifest:
    by_file.setdefault(node_id.split("::")[0], []).append((node_id, False))
os.chdir(root)
spent = {}
if phases:
    def wrap(owner, name, label):
        f = getattr(owner, name)
        def timed(*a, **k):
            t = time.process_time()
            try:
                return f(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - t
        setattr(owner, name, timed)
    wrap(runner, "import_path", "import (test modules and what they import)")
    wrap(runner.Collector, "collect", "collection")
    wrap(runner.Session, "_run_item", "running (fixtures, test, capture, teardown)")
    wrap(worker, "_send_result", "encoding and sending results")
    wrap(P, "decode_run_file", "decoding RunFile")
cfg = {"sys_path": [root], "rootdir": root, "preload": [], "fixture_keys": [],
       "python_files": ["test_*.py", "*_test.py"], "python_classes": ["Test*", "*Test"],
       "python_functions": ["test_*", "*_test"]}
out = io.BytesIO()
chan = worker.Channel(io.BytesIO(), out)
frames = [P.encode_run_file(f, tests) for f, tests in sorted(by_file.items())]
t0 = time.process_time()
session = worker._configure(cfg)
for i, frame in enumerate(frames):
    worker._run_file(chan, i, session, P.decode_run_file(frame))
session.finish()
cpu = time.process_time() - t0
data, pos, got = out.getvalue(), 0, {}
while pos < len(data):
    length = P._parse_header(data[pos:pos + 32])[2]
    frame = P.decode_frame(data[pos:pos + 32 + length])
    pos += 32 + length
    if frame.type == P.MessageType.TEST_RESULT:
        r = P.decode_test_result(frame.payload)
        got[r["node_id"]] = r["outcome"]
bad = sorted(k for k, v in manifest.items() if got.get(k) != v)
import shutil
shutil.rmtree(tempfile.tempdir, ignore_errors=True)  # the tests' tmp_path dirs: one per run otherwise stays in /tmp
print(json.dumps({"tests": len(manifest), "cpu": cpu, "mismatches": bad[:5], "mismatch_count": len(bad),
                  "phases": spent}))
'''


TMP = None


def one_run(worker_dir, corpus, phases, cache):
    # each build its own dxpy cache, and the rewritten test modules there (not in __pycache__, which every build
    # shares under the same file names): builds run in turn would otherwise rewrite them again on every run
    env = dict(os.environ, DXPY_CACHE=cache, PYTHONDONTWRITEBYTECODE="1", WORKER_CPU_TMP=TMP or "")
    p = subprocess.run([sys.executable, "-c", DRIVER, worker_dir, corpus, "1" if phases else "0"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if p.returncode != 0:
        sys.exit("worker run failed:\n" + p.stderr[-3000:])
    got = json.loads(p.stdout.strip().splitlines()[-1])
    if got["mismatch_count"]:
        sys.exit("%s: %d outcomes differ from the manifest, e.g. %s" % (worker_dir, got["mismatch_count"],
                                                                       got["mismatches"]))
    return got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", help="an existing gen_corpus suite (default: a new 500 x 20 one, 300 modules)")
    ap.add_argument("--worker-dir", action="append",
                    help="a built worker package dir (default: python-worker/target/classes/dxpy-worker)")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--phases", action="store_true")
    ap.add_argument("--tmp", help="where the tests' tmp_path directories go (default: the system temp dir); "
                                  "e.g. /dev/shm when the disk is busy: on a loaded ext4 the 531 tmp_path "
                                  "tests' mkdir and write cost up to 30 us per test of kernel time, all noise")
    a = ap.parse_args()
    global TMP
    TMP = a.tmp
    dirs = a.worker_dir or [os.path.join(REPO, "python-worker", "target", "classes", "dxpy-worker")]
    with tempfile.TemporaryDirectory(prefix="dxpy-worker-cpu-") as tmp:
        corpus = a.corpus
        if not corpus:
            corpus = os.path.join(tmp, "corpus")
            subprocess.run([sys.executable, find_corpus_gen(), corpus, "--files", "500", "--modules", "300",
                            "--tests-per-file", "20"], check=True, stdout=subprocess.DEVNULL)
        caches = {d: os.path.join(tmp, "cache-%d" % i) for i, d in enumerate(dirs)}
        for d in dirs:  # writes each build's rewritten-module cache
            one_run(d, corpus, False, caches[d])
        runs = {d: [] for d in dirs}
        for _ in range(a.reps):
            for d in dirs:  # interleaved: every build sees the same machine states
                runs[d].append(one_run(d, corpus, a.phases, caches[d]))
        for d in dirs:
            n = runs[d][0]["tests"]
            per = sorted(r["cpu"] / n * 1e6 for r in runs[d])
            print("%s: %d tests, worker CPU %.1f us per test (median of %d; min %.1f)"
                  % (d, n, statistics.median(per), len(per), per[0]))
            if a.phases:
                for label in runs[d][0]["phases"]:
                    v = statistics.median(r["phases"].get(label, 0.0) for r in runs[d]) / n * 1e6
                    print("    %-45s %6.1f us per test" % (label, v))


if __name__ == "__main__":
    main()

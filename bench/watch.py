#!/usr/bin/env python3
"""Watch-mode latency: `dx-py test --watch` on a gen_corpus suite (default ~10k tests), one process, one run.

Usage: bench/watch.py [--files 500 --modules 300 --tests-per-file 20] [--edits 20] [--pause 1.5] [--out docs/benchmarks.md]

Measures, reading the watch's compact report line by line with timestamps:
  * edit latency: from the moment a one-line change to one pkg/mNNN.py is written (file closed) to the
    summary line of that cycle (the last affected result printed); median of --edits edits, each on
    another module, with the engine's own run time of that cycle (collection + workers + tests) beside it
    and the affected tests' own run time (their durations from .dxpy/durations, summed, divided by the
    workers that ran them); cycles run on the watch's warm spare workers, and --pause seconds between
    edits (a person's edit cadence) give the spares time to start;
  * the import graph: cold build (no .dxpy/graph.dxg) in the first cycle, then from the cache
    (stat walk + re-parse of the edited file) in the following ones, as the report prints them.
The corpus is generated with --no-failures so the always-rerun of failed tests does not inflate cycles.
Figures are from one run on a shared machine: read them as rough.
"""
import argparse
import json
import os
import queue
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench import find_corpus_gen, write_section  # noqa: E402

SECTION = "## Import graph and watch (issue 5)"


def reader(stream, q):
    for line in iter(stream.readline, ""):
        q.put((time.perf_counter(), line.rstrip("\n")))
    q.put((time.perf_counter(), None))


def until(q, pred, timeout=300, after=None):
    """Lines up to the first one matching pred (printed after `after`, when given: lines of a cycle that ended
    before the last write of a burst belong to a cycle of its first write alone, and are skipped)."""
    lines = []
    end = time.perf_counter() + timeout
    while True:
        t, line = q.get(timeout=max(0.1, end - time.perf_counter()))
        if line is None:
            sys.exit("watch process ended early:\n" + "\n".join(lines[-30:]))
        lines.append(line)
        if pred(line):
            if after is not None and t < after:
                lines.clear()
                continue
            return t, lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--modules", type=int, default=300)
    ap.add_argument("--tests-per-file", type=int, default=20)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--pause", type=float, default=1.5, help="seconds between an edit's result and the next edit")
    ap.add_argument("--dx", default=os.path.join(REPO, "dx-py"))
    ap.add_argument("--out", default=None, help="write the section into this markdown file")
    ap.add_argument("--burst", type=float, default=0, help="each edit is two writes this many ms apart (a burst: "
                    "with speculation the first write's run is cancelled); latency counts from the second write")
    ap.add_argument("--watch-arg", action="append", default=[], help="extra argument for dx-py test --watch (repeatable), "
                    "e.g. --watch-arg=--no-speculate")
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="dxpy-watch-bench-")
    try:
        run(a, tmp)
    finally:  # also when a check exits early or the watch could not start
        shutil.rmtree(tmp, ignore_errors=True)


def run(a, tmp):
    corpus = os.path.join(tmp, "corpus")
    subprocess.run([sys.executable, find_corpus_gen(), corpus, "--files", str(a.files), "--modules", str(a.modules),
                    "--tests-per-file", str(a.tests_per_file), "--no-failures"], check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ)
    env["DXPY_NO_DAEMON"] = "1"  # the watch process itself, not a daemon, must own the workers
    affected = json.load(open(os.path.join(corpus, "manifest.json")))["affected"]
    workers = os.cpu_count() or 1
    load_before = os.getloadavg()
    p = subprocess.Popen([a.dx, "test", "--watch"] + a.watch_arg, cwd=corpus, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
                         # a shell without job control starts background jobs with SIGINT ignored, and the JVM
                         # keeps it so: give the watch Ctrl-C's default, as in a terminal
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        rows, code = edits(a, p, corpus, affected, workers)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    load_after = os.getloadavg()
    report(a, rows, code, workers, load_before, load_after)


def edits(a, p, corpus, affected, workers):
    q = queue.Queue()
    threading.Thread(target=reader, args=(p.stdout, q), daemon=True).start()
    until(q, lambda l: l.startswith("dx-py watch: watching"))
    time.sleep(1.0)  # let the watcher register every directory

    rng = random.Random(5)
    modules = rng.sample(range(a.modules), a.edits)
    rows = []
    for k, m in enumerate(modules):
        path = os.path.join(corpus, "pkg", "m%03d.py" % m)
        with open(path, "a") as f:
            f.write("_EDIT_%d = %d\n" % (k, k))
        gap = 0
        if a.burst > 0:
            first = time.perf_counter()
            time.sleep(a.burst / 1000)
            with open(path, "a") as f:
                f.write("_EDIT_%d_AGAIN = %d\n" % (k, k))
            gap = time.perf_counter() - first
        t0 = time.perf_counter()
        t1, lines = until(q, lambda l: re.match(r"\s+(\d+ \w+(, )?)+ in \d+\.\d+s$", l) is not None
                          or l.startswith("  no tests ran"), after=t0 if a.burst > 0 else None)
        if sum(1 for l in lines if l.startswith("» ")) != 1:
            sys.exit("expected one cycle for edit %d, got:\n%s" % (k, "\n".join(lines)))
        if gap > 0.1:  # the default debounce: the first write had a cycle of its own (the bench was descheduled)
            print("edit %2d: the burst's writes were %.0f ms apart (more than the debounce)" % (k, gap * 1000))
        graph = next((re.search(r"(\d+) test files? affected \(graph: (\d+) files, (\d+) parsed, (\d+) ms\)", l)
                      for l in lines if "affected (graph" in l), None)
        run_s = float(re.search(r"in (\d+\.\d+)s$", lines[-1]).group(1))
        until(q, lambda l: l.startswith("waiting for changes"))  # the engine writes durations after the summary
        files = affected.get("pkg/m%03d.py" % m) or affected.get("pkg.m%03d" % m) or []
        nanos = durations(corpus)
        own = sum(nanos.get(f, 0) for f in files) / 1e9 / max(1, min(workers, len(files)))
        rows.append({"module": m, "latency": t1 - t0, "run": run_s, "own": own, "files": int(graph.group(1)) if graph else 0,
                     "graph_ms": int(graph.group(4)) if graph else -1, "parsed": int(graph.group(3)) if graph else -1,
                     "summary": lines[-1].strip()})
        print("edit %2d pkg/m%03d.py: %.3fs to the last result (engine run %.2fs, tests' own %.3fs, %d test files, "
              "graph %d ms, %d parsed)" % (k, m, t1 - t0, run_s, own, rows[-1]["files"], rows[-1]["graph_ms"],
                                           rows[-1]["parsed"]), flush=True)
        time.sleep(a.pause)
    p.send_signal(signal.SIGINT)
    try:
        code = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        code = "killed after 30 s"
    return rows, code


def report(a, rows, code, workers, load_before, load_after):
    warm = rows[1:]
    med = lambda xs: statistics.median(xs)
    lines = [SECTION, "",
             "`bench/watch.py --files %d --modules %d --tests-per-file %d --edits %d --pause %.1f%s%s` (%s), one run on a "
             "shared %d-core machine while other sessions built and tested (load average %.1f / %.1f / %.1f before, "
             "%.1f / %.1f / %.1f after; PYTHONDONTWRITEBYTECODE %s): noisy, read as rough." % (
                 a.files, a.modules, a.tests_per_file, a.edits, a.pause, " --burst %g" % a.burst if a.burst else "",
                 "".join(" --watch-arg=" + w for w in a.watch_arg), time.strftime("%Y-%m-%d"), workers,
                 *load_before, *load_after, "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "unset"),
             "Cycles run on the watch's warm pool: spare workers (third-party preloads done, no project code) "
             "started before the first edit and refilled after each cycle.", "",
             "| measure | value |", "|---|---|",
             "| edit to last affected result, median of %d edits | %.3f s |" % (len(rows), med([r["latency"] for r in rows])),
             "| engine run time of those cycles (collection + workers + tests), median | %.2f s |" % med([r["run"] for r in rows]),
             "| latency minus engine run (event delivery, then the 10 ms quiet gap with speculation or the 100 ms debounce "
             "without; graph and discovery are inside the run), median | %.3f s |" % med(
                 [r["latency"] - r["run"] for r in rows]),
             "| affected tests' own run time (their durations / workers), median | %.3f s |" % med([r["own"] for r in rows]),
             "| **latency minus the tests' own run time, median** (target: < 150 ms) | **%.3f s** |" % med(
                 [r["latency"] - r["own"] for r in rows]),
             "| affected test files per edit, median | %d |" % med([r["files"] for r in rows]),
             "| import graph, cold build (first cycle, no .dxpy/graph.dxg) | %d ms |" % rows[0]["graph_ms"],
             "| import graph from cache + 1 edited file re-parsed, median of the others | %d ms |" % med(
                 [r["graph_ms"] for r in warm]) if warm else "| - | - |",
             "| watch process exit on SIGINT (Ctrl-C) | %s |" % code, "",
             ("Reading: run with `--no-speculate`: each cycle starts after the 100 ms debounce, so the latency "
              "is the debounce plus the engine run. " if "--no-speculate" in a.watch_arg else
              "Reading: with speculation (the default) a cycle starts once the edit's events have stopped for "
              "10 ms and is shown when the 100 ms debounce window closes with no other change, so the latency "
              "is about the longer of the debounce and the engine run, not their sum. ") +
             "The engine run holds the graph update (row above), discovery of the affected files, sending them "
             "to the warm workers, importing the test modules and the project modules they use there (with "
             "assertion rewriting) and the tests themselves; the summary line is printed before the run's "
             "bookkeeping (last failures, durations, worker exit). The cold graph build includes JVM warm-up "
             "(first cycle of a fresh process).", ""]
    text = "\n".join(lines)
    print(text)
    if a.out:
        write_section(a.out, SECTION, text)


def durations(corpus):
    """The engine's per-file durations of the last run of each file (nanoseconds), from .dxpy/durations."""
    out = {}
    try:
        with open(os.path.join(corpus, ".dxpy", "durations")) as f:
            for line in f:
                n, _, file = line.rstrip("\n").partition("\t")
                if file:
                    out[file] = int(n)
    except OSError:
        pass
    return out


if __name__ == "__main__":
    main()

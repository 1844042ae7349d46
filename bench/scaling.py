#!/usr/bin/env python3
"""Worker scaling and daemon benchmark (issue 4), measured in one run: ratios, not absolute times.

Usage: bench/scaling.py [--reps 3] [--reps-10k 9] [--skip-10k] [--out docs/benchmarks.md]

  1. scaling: `gen_corpus.py --work-ms 2` with 40 x 25, 80 x 50 and 400 x 25 tests (about 2 ms of CPU work
     each; --scaling-sizes) with `dx-py test -n 1` and `-n 2`; target >= 1.8x on 2 cores. The fixed cost of a
     run (JVM start, discovery, worker start, importing pytest) is not parallel, so the larger corpora show
     the scaling; each size also through a warm daemon (--daemon-sizes), where that fixed cost is mostly gone.
  2. the 10k corpus (`--files 500 --modules 300 --tests-per-file 20`): `python3 -m pytest -p
     no:cacheprovider` vs `dx-py test` cold (no daemon) and through a warm daemon (`dx-py daemon start`):
     warm = idle for --daemon-pause seconds before each run (its spares, which collect the suite ahead after
     each run, are ready), and back to back (a run starts as the last one ends, its spares still collecting).
  3. `--collect-only` on the 10k corpus: pytest vs dx-py cold vs dx-py through the warm daemon.
All as whole commands, wall time, median of --reps (--reps-10k for the 10k corpus' cold rows, with the range of
the ratios of its pairs); the two sides of a cold ratio (-n 1 / -n 2, pytest / dx-py)
run alternately, so a drift of the machine's speed lands on both. The daemon parts are skipped when this build has no
`daemon` subcommand. Prints a markdown table; with --out, replaces the issue-4 section of that file.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SECTION = "## Pool, daemon and scaling (issue 4)"
sys.path.insert(0, HERE)
from bench import find_corpus_gen, write_section  # noqa: E402


def run(cmd, cwd, ok=(0, 1)):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if p.returncode not in ok:
        sys.exit("command failed (%d): %s\n%s\n%s" % (p.returncode, " ".join(cmd), p.stdout[-2000:], p.stderr[-2000:]))
    return dt, p.stdout


def med(cmd, cwd, reps, ok=(0, 1), pause=0.0):
    """Median wall time of reps runs; with pause, that many seconds of idleness before each (not timed)."""
    times = []
    for _ in range(reps):
        time.sleep(pause)
        times.append(run(cmd, cwd, ok)[0])
    return statistics.median(times)


def has_daemon(dx):
    p = subprocess.run([dx, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return "daemon" in p.stdout


def paired(cmd_a, cmd_b, cwd, reps, ok=(0, 1)):
    """Medians of reps runs of each command, alternating (a b, b a, a b, ...): the machine's speed drifts by
    tens of percent within minutes here, and a drift between two blocks of runs would land in the ratio."""
    times = {0: [], 1: []}
    for i in range(reps):
        for k in ((0, 1) if i % 2 == 0 else (1, 0)):
            times[k].append(run((cmd_a, cmd_b)[k], cwd, ok)[0])
    paired.spread = "pairs %.1f-%.1fx" % (min(x / y for x, y in zip(times[0], times[1])),
                                           max(x / y for x, y in zip(times[0], times[1])))
    return statistics.median(times[0]), statistics.median(times[1])


def main():
    load_before = os.getloadavg()[0]
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--scaling-sizes", default="40x25,80x50,400x25",
                    help="FILESxTESTS_PER_FILE corpora for the -n 1 / -n 2 rows (2 ms of CPU work per test)")
    ap.add_argument("--daemon-sizes", default="all",
                    help="which of --scaling-sizes also run through a warm daemon (comma-separated, or 'all')")
    ap.add_argument("--skip-10k", action="store_true")
    ap.add_argument("--reps-10k", type=int, default=9,
                    help="alternating pairs for the 10k corpus' cold rows (a 1 s command against a 20 s one: the "
                         "machine's speed varies by tens of percent between seconds, so more pairs than --reps)")
    ap.add_argument("--daemon-pause", type=float, default=3.0,
                    help="seconds the daemon is left idle before each warm run (its spares get ready)")
    ap.add_argument("--dx", default=os.path.join(REPO, "dx-py"))
    # both tools run the same interpreter binary: pytest as `sys.executable -m pytest`, dx-py's workers with
    # --python sys.executable (else `python3` on PATH, which may be a launcher script such as pyenv's shim,
    # ~70 ms a start that pytest, started directly, would not pay)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--out")
    a = ap.parse_args()
    gen = find_corpus_gen()
    rows = []
    with tempfile.TemporaryDirectory(prefix="dxpy-scaling-") as tmp:
        sizes = [tuple(int(x) for x in sz.split("x")) for sz in a.scaling_sizes.split(",") if sz]
        for files, per in () if a.skip_scaling else sizes:
            work = os.path.join(tmp, "work-%d" % files)
            subprocess.run([sys.executable, gen, work, "--files", str(files), "--tests-per-file", str(per),
                            "--work-ms", "2"], check=True, stdout=subprocess.DEVNULL)
            run([a.dx, "test", "--python", a.python, "-q", "-n", "1"], work)  # warm the index, the durations and the OS caches
            n1, n2 = paired([a.dx, "test", "--python", a.python, "-q", "-n", "1"],
                            [a.dx, "test", "--python", a.python, "-q", "-n", "2"], work, a.reps)
            rows.append(("%d tests x 2 ms work: dx-py -n 1 / -n 2" % (files * per), "%.2f s / %.2f s" % (n1, n2),
                         "%.2fx" % (n1 / n2)))
            if (a.daemon_sizes == "all" or "%dx%d" % (files, per) in a.daemon_sizes.split(",")) and has_daemon(a.dx):
                # the same corpus through a warm daemon: the serial part of a run (JVM start, worker start,
                # imports) is mostly gone, so the ratio shows how the work itself scales (Amdahl)
                run([a.dx, "daemon", "start"], work, (0,))
                try:
                    got = {}
                    for n in ("1", "2"):
                        cmd = [a.dx, "test", "--python", a.python, "-q", "-n", n]
                        for _ in range(3):
                            time.sleep(1.0)
                            run(cmd, work)
                        got[n] = med(cmd, work, a.reps, pause=a.daemon_pause)
                    rows.append(("%d tests x 2 ms work, warm daemon: dx-py -n 1 / -n 2" % (files * per),
                                 "%.2f s / %.2f s" % (got["1"], got["2"]), "%.2fx" % (got["1"] / got["2"])))
                finally:
                    run([a.dx, "daemon", "stop"], work, (0, 1, 2))
        if not a.skip_10k:
            big = os.path.join(tmp, "big")
            subprocess.run([sys.executable, gen, big, "--files", "500", "--modules", "300", "--tests-per-file", "20"],
                           check=True, stdout=subprocess.DEVNULL)
            env_note = []
            run([a.dx, "test", "--python", a.python, "-q"], big)  # builds the index once, as any later run finds it
            py, cold = paired([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                              [a.dx, "test", "--python", a.python, "-q"], big, a.reps_10k)
            rows.append(("10k run: pytest / dx-py (no daemon), median of %d pairs" % a.reps_10k,
                         "%.2f s / %.2f s" % (py, cold), "%.1fx (%s)" % (py / cold, paired.spread)))
            pyc, dxc = paired([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only"],
                              [a.dx, "test", "--python", a.python, "--collect-only"], big, a.reps_10k, (0,))
            rows.append(("10k collect-only: pytest / dx-py (no daemon, from the index), median of %d pairs" % a.reps_10k,
                         "%.2f s / %.2f s" % (pyc, dxc), "%.1fx (%s)" % (pyc / dxc, paired.spread)))
            if has_daemon(a.dx):
                run([a.dx, "daemon", "start"], big, (0,))
                try:
                    for _ in range(6):  # a daemon is warm once its JIT has seen a few runs
                        time.sleep(1.0)
                        run([a.dx, "test", "--python", a.python, "-q"], big)
                    # warm: the daemon idle and its spares ready, as between a developer's runs (the spares
                    # collect the suite ahead after each run); back to back: each run starts as the last ends
                    warm = med([a.dx, "test", "--python", a.python, "-q"], big, a.reps, pause=a.daemon_pause)
                    rows.append(("10k run: pytest / dx-py (warm daemon, %.0f s idle before each run)" % a.daemon_pause,
                                 "%.2f s / %.2f s" % (py, warm), "%.1fx" % (py / warm)))
                    b2b = med([a.dx, "test", "--python", a.python, "-q"], big, a.reps)
                    rows.append(("10k run: pytest / dx-py (daemon, runs back to back)", "%.2f s / %.2f s" % (py, b2b),
                                 "%.1fx" % (py / b2b)))
                    time.sleep(a.daemon_pause)  # the spares of the last run collect ahead meanwhile: not in the way
                    for _ in range(5):
                        run([a.dx, "test", "--python", a.python, "--collect-only"], big, (0,))
                    dwc = med([a.dx, "test", "--python", a.python, "--collect-only"], big, a.reps, (0,))
                    rows.append(("10k collect-only: pytest / dx-py (warm daemon)", "%.2f s / %.3f s" % (pyc, dwc),
                                 "%.1fx" % (pyc / dwc)))
                finally:
                    run([a.dx, "daemon", "stop"], big, (0, 1, 2))
            else:
                env_note.append("no daemon in this build")
    lines = [SECTION, "",
             "Generated by `bench/scaling.py` on %s, %d cores, median of %d (the two sides of each cold row run alternately); whole commands, wall time; load average "
             "%.1f before, %.1f after. Absolute times vary with the machine's state; the ratios come from one run each."
             % (time.strftime("%Y-%m-%d %H:%M"), os.cpu_count(), a.reps, load_before, os.getloadavg()[0]), "",
             "| Measurement | Times | Ratio |", "|---|---|---|"]
    lines += ["| %s | %s | %s |" % r for r in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        write_section(a.out, SECTION, text)


if __name__ == "__main__":
    main()

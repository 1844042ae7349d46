#!/usr/bin/env python3
"""dxpy vs pytest on a gen_corpus.py suite, measured in one run (ratios, not absolute times).

Usage: bench/bench.py [--files 500 --modules 300 --tests-per-file 20] [--reps 3] [--out docs/benchmarks.md]

Measures, as whole-command wall time (median of --reps):
  * collection: `pytest --collect-only -q` vs `dx-py test --collect-only` cold (no index) and warm (index),
    the three alternating round by round;
  * a full run: `pytest -p no:cacheprovider` vs `dx-py test` (workers = cores, and 1 worker);
under PYTHONDONTWRITEBYTECODE=1 and unset (the machines set it; it makes pytest recompile its plugins).
It also checks that both tools report the manifest's outcomes, so a fast wrong answer does not count.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def find_corpus_gen():
    """shared/corpus/gen_corpus.py beside the repository (or $DXPY_GEN_CORPUS); the bench scripts share it."""
    if os.environ.get("DXPY_GEN_CORPUS"):
        return os.environ["DXPY_GEN_CORPUS"]
    d = REPO
    for _ in range(5):
        for cand in (os.path.join(d, "shared", "corpus", "gen_corpus.py"),
                     os.path.join(os.path.dirname(d), "shared", "corpus", "gen_corpus.py")):
            if os.path.exists(cand):
                return cand
        d = os.path.dirname(d)
    sys.exit("cannot find shared/corpus/gen_corpus.py beside the repository")


def timed(cmd, cwd, env, check_codes=(0, 1)):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if p.returncode not in check_codes:
        sys.exit("command failed (%d): %s\n%s\n%s" % (p.returncode, " ".join(cmd), p.stdout[-3000:], p.stderr[-3000:]))
    return dt, p.stdout


SECTION = "## Discovery and full runs against pytest (issue 2)"


KEEP = "<!-- notes below are kept when the bench script rewrites this section -->"


def write_section(path, section, text):
    """Writes one benchmark's section (heading `section`) of docs/benchmarks.md, leaving the other sections as
    they are; notes written by hand below the KEEP line of that section survive a re-run."""
    old = open(path).read() if os.path.exists(path) else "# Benchmarks\n\n"
    start = old.find(section)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        nxt = old.find("\n## ", start + len(section))
        current = old[start:] if nxt < 0 else old[start:nxt]
        kept = current.find(KEEP)
        if kept >= 0:
            text = text.rstrip("\n") + "\n\n" + current[kept:].rstrip("\n") + "\n"
        new = old[:start] + text.rstrip("\n") + "\n" + ("" if nxt < 0 else old[nxt:])
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write(new.rstrip("\n") + "\n")


def reported_seconds(out):
    """The time a tool prints on its last line: pytest's `N tests collected in 1.23s`, dx-py's the same."""
    import re
    m = re.findall(r"in ([0-9.]+)s", out)
    return float(m[-1]) if m else float("nan")


def median(xs):
    return statistics.median(xs)


def junit_outcomes(path):
    out = {}
    for tc in ET.parse(path).getroot().iter("testcase"):
        cls, name = tc.get("classname"), tc.get("name")
        kind = "passed"
        for child in tc:
            if child.tag in ("failure",):
                kind = "failed"
            elif child.tag == "error":
                kind = "error"
            elif child.tag == "skipped":
                kind = "xfailed" if child.get("type") == "pytest.xfail" else "skipped"
        out[(cls, name)] = kind
    return out


def manifest_outcomes(manifest):
    out = {}
    for nodeid, outcome in manifest["nodeids"].items():
        parts = nodeid.split("::")
        mod = parts[0][:-3].replace("/", ".")
        cls = ".".join([mod] + parts[1:-1])
        out[(cls, parts[-1])] = outcome
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--modules", type=int, default=300)
    ap.add_argument("--tests-per-file", type=int, default=20)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out", default=None)
    ap.add_argument("--dx", default=os.path.join(REPO, "dx-py"))
    # both tools run the same interpreter binary: pytest as `sys.executable -m pytest`, dx-py's workers with
    # --python sys.executable (else `python3` on PATH, which may be a launcher script such as pyenv's shim,
    # ~70 ms a start that pytest, started directly, would not pay)
    ap.add_argument("--python", default=sys.executable)
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="dxpy-bench-")
    corpus = os.path.join(work, "corpus")
    subprocess.run([sys.executable, find_corpus_gen(), corpus, "--files", str(a.files), "--modules", str(a.modules),
                    "--tests-per-file", str(a.tests_per_file)], check=True, stdout=subprocess.DEVNULL)
    manifest = json.load(open(os.path.join(corpus, "manifest.json")))
    total = manifest["counts"]["total"]
    cores = os.cpu_count()
    rows = []
    for dwb in ("1", None):
        env = dict(os.environ)
        env.pop("CI", None)
        if dwb:
            env["PYTHONDONTWRITEBYTECODE"] = dwb
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        label = "PYTHONDONTWRITEBYTECODE=1" if dwb else "PYTHONDONTWRITEBYTECODE unset"
        py_collect = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
        dx_collect = [a.dx, "test", "--python", a.python, "--collect-only"]
        res = {}
        own = {}
        # the collections alternate (pytest, then dx-py cold and warm; the next round dx-py first): the machine's
        # speed drifts by tens of percent within minutes, and a drift between blocks of runs went into the ratios
        runs, cold, warm = [], [], []
        for i in range(a.reps):
            if i % 2 == 0:
                runs.append(timed(py_collect, corpus, env, (0,)))
            shutil.rmtree(os.path.join(corpus, ".dxpy"), ignore_errors=True)
            cold.append(timed(dx_collect, corpus, env, (0,)))
            warm.append(timed(dx_collect, corpus, env, (0,)))
            if i % 2 == 1:
                runs.append(timed(py_collect, corpus, env, (0,)))
        res["pytest collect"] = median([t for t, _ in runs])
        own["pytest collect"] = median([reported_seconds(out) for _, out in runs])
        res["dx-py collect cold"] = median([t for t, _ in cold])
        own["dx-py collect cold"] = median([reported_seconds(out) for _, out in cold])
        res["dx-py collect warm"] = median([t for t, _ in warm])
        own["dx-py collect warm"] = median([reported_seconds(out) for _, out in warm])
        # full runs, outcomes checked against the manifest
        py_xml = os.path.join(work, "pytest.xml")
        dx_xml = os.path.join(work, "dx.xml")
        # one untimed dx-py run first, as a project's second run finds things: the rewritten test modules in
        # dxpy's cache (pytest's counterpart, its __pycache__, is filled by the collect runs above when
        # PYTHONDONTWRITEBYTECODE is unset) and the durations of the last run
        timed([a.dx, "test", "--python", a.python, "-q"], corpus, env)
        res["pytest run"] = median([timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                           "--junit-xml", py_xml], corpus, env)[0] for _ in range(1)])
        res["dx-py run (%d workers)" % cores] = median([timed([a.dx, "test", "--python", a.python, "-q", "--junit-xml", dx_xml], corpus, env)[0]
                                                 for _ in range(a.reps)])
        res["dx-py run (1 worker)"] = median([timed([a.dx, "test", "--python", a.python, "-q", "-n", "1"], corpus, env)[0] for _ in range(1)])
        want = manifest_outcomes(manifest)
        got_py = junit_outcomes(py_xml)
        got_dx = junit_outcomes(dx_xml)
        ok_py = sum(1 for k, v in want.items() if got_py.get(k) == v)
        ok_dx = sum(1 for k, v in want.items() if got_dx.get(k) == v)
        rows.append((label, res, own, ok_py, ok_dx))

    lines = [SECTION, "",
             "Generated by `bench/bench.py` on %s (%d cores), corpus `gen_corpus.py --files %d --modules %d "
             "--tests-per-file %d` (%d tests). Whole-command wall time, median of %d runs (collections alternating between the tools; pytest full run: 1 run; dx-py runs after one untimed run, see the script). "
             "Ratios are what counts; all numbers of a table come from the same run. 'own collection' is the time "
             "each tool reports for its collection (pytest's `collected in`, dx-py's engine discovery time), "
             "without interpreter/JVM start-up." % (
                 time.strftime("%Y-%m-%d"), cores, a.files, a.modules, a.tests_per_file, total, a.reps), ""]
    for label, res, own, ok_py, ok_dx in rows:
        lines += ["### " + label, "", "| command | wall s | pytest / this | own collection s | pytest / this |",
                  "|---|---:|---:|---:|---:|"]
        for k, v in res.items():
            base = res["pytest collect"] if "collect" in k else res["pytest run"]
            if k in own:
                lines.append("| %s | %.3f | %.1fx | %.3f | %.1fx |" % (k, v, base / v, own[k], own["pytest collect"] / own[k]))
            else:
                lines.append("| %s | %.3f | %.1fx | | |" % (k, v, base / v))
        lines += ["", "Outcomes matching the manifest: pytest %d/%d, dx-py %d/%d." % (ok_py, total, ok_dx, total), ""]
    text = "\n".join(lines)
    print(text)
    if a.out:
        write_section(a.out, SECTION, text)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Cached fixture benchmark: a session fixture that takes 2 s to build a 200 MB numpy array, used by
one test; `dx-py test` on a fresh cache (creates and stores it), then three cached runs: the first
verifies the file's checksum in full and leaves a stamp, the others check header and size only.

  python3 bench/fixtures.py [--dxpy ./dx-py] [--mb 200] [--build-s 2]
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

CONFTEST = '''
import time
import numpy as np
import dx_py_test_runner as dx

@dx.fixture(scope="session", cache=True)
def big():
    t0 = time.perf_counter()
    arr = np.arange({n}, dtype=np.float64)
    left = {build_s} - (time.perf_counter() - t0)
    if left > 0:
        time.sleep(left)  # the rest of a 2 s build
    return arr
'''

TEST = '''
def test_big(big):
    assert big.shape == ({n},)
    assert big[-1] == {n} - 1
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dxpy", default=os.path.join(HERE, "..", "dx-py"))
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--build-s", type=float, default=2.0)
    a = ap.parse_args()
    n = a.mb * 1024 * 1024 // 8
    root = tempfile.mkdtemp(prefix="dxpy-fixbench-")
    with open(os.path.join(root, "pytest.ini"), "w") as f:
        f.write("[pytest]\n")
    with open(os.path.join(root, "conftest.py"), "w") as f:
        f.write(CONFTEST.format(n=n, build_s=a.build_s))
    with open(os.path.join(root, "test_big.py"), "w") as f:
        f.write(TEST.format(n=n))
    times = []
    fixtures = os.path.join(root, ".dxpy", "fixtures")

    def stamped():
        return os.path.isdir(fixtures) and any(f.endswith(".dxfc.ok") for f in os.listdir(fixtures))

    runs = ("first run (build + store)", "cached run 1", "cached run 2", "cached run 3")
    for label in runs:
        how = "" if label.startswith("first") else (
            "header + size only (stamp matches)" if stamped() else "full checksum (no stamp yet)")
        t0 = time.perf_counter()
        p = subprocess.run([a.dxpy, "test", "-q"], cwd=root, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        assert p.returncode == 0, p.stdout + p.stderr
        print(f"{label:28} {times[-1]:6.2f} s  {how}")
        if label == "first run (build + store)":
            time.sleep(2.5)  # older than the racy window (fixture_cache.RACY_NS): a full check may leave a stamp
    size = sum(os.path.getsize(os.path.join(root, ".dxpy", "fixtures", f))
               for f in os.listdir(os.path.join(root, ".dxpy", "fixtures")) if f.endswith(".dxfc"))
    print(f"cache file {size / 1e6:.0f} MB; speed-up {times[0] / times[1]:.1f}x (full check), "
          f"{times[0] / min(times[2:]):.1f}x (stamped)")
    in_process(fixtures)
    shutil.rmtree(root)


def in_process(fixtures):
    """The load alone, in this process: full checksum vs stamp (best of 3 each, page cache warm)."""
    import sys
    sys.path.insert(0, os.path.join(HERE, "..", "python-worker", "target", "classes", "dxpy-worker"))
    from dx_py_test_runner import fixture_cache
    path = next(os.path.join(fixtures, f) for f in os.listdir(fixtures) if f.endswith(".dxfc"))
    best = {}
    for mode in ("full checksum", "stamp"):
        fixture_cache.RACY_NS = 10 ** 18 if mode == "full checksum" else 0  # 10**18: never stamp
        if mode == "full checksum" and os.path.exists(path + ".ok"):
            os.remove(path + ".ok")
        else:
            fixture_cache._try_load(path)  # leaves the stamp
        for _ in range(3):
            t0 = time.perf_counter()
            value = fixture_cache._try_load(path)
            best[mode] = min(best.get(mode, 1e9), time.perf_counter() - t0)
            assert value is not fixture_cache._MISS
            del value
    print("load in process: " + ", ".join(f"{m} {t * 1e3:.3f} ms" for m, t in best.items()))


if __name__ == "__main__":
    main()

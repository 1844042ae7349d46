#!/usr/bin/env python3
"""Cached fixture benchmark: a session fixture that takes 2 s to build a 200 MB numpy array, used by
one test; `dx-py test` on a fresh cache (creates and stores it) and again (maps it).

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
    for label in ("first run (build + store)", "cached run (map)", "cached run again"):
        t0 = time.perf_counter()
        p = subprocess.run([a.dxpy, "test", "-q"], cwd=root, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        assert p.returncode == 0, p.stdout + p.stderr
        print(f"{label:28} {times[-1]:6.2f} s")
    size = sum(os.path.getsize(os.path.join(root, ".dxpy", "fixtures", f))
               for f in os.listdir(os.path.join(root, ".dxpy", "fixtures")) if f.endswith(".dxfc"))
    print(f"cache file {size / 1e6:.0f} MB; speed-up {times[0] / times[1]:.1f}x")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()

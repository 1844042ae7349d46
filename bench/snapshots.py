#!/usr/bin/env python3
"""Snapshot benchmark: N matching dx.snapshot() assertions of 10 KB values, hash index vs reading and
comparing the full stored content.

  python3 bench/snapshots.py [--n 10000] [--pure-n 200]

Modes, each over the same stored snapshots (100 test files x N/100 tests):
  full-read     open the .snap file, read it, compare with the serialization (what the index avoids)
  index-c       dxpy's index path as shipped: BLAKE3 from the worker's C library (built by
                `mvn -pl python-worker process-resources`; the script uses the assembled worker)
  index-pure    the same path on the pure-Python fallback (no C library: another platform, no gcc);
                timed on --pure-n assertions and scaled, it is slow
"""
import argparse
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BUILT = os.path.join(HERE, "..", "python-worker", "target", "classes", "dxpy-worker")
sys.path.insert(0, BUILT if os.path.isdir(BUILT) else os.path.join(HERE, "..", "python-worker", "src", "main", "python"))
from dx_py_test_runner import blake3, snapshots  # noqa: E402


def value(i):
    return (f"record {i:08d} " * 640)[:10240]


def tests(n):
    for i in range(n):
        yield f"tests/test_f{i % 100:03d}.py", f"test_{i:06d}", value(i)


def timed(root, n, check):
    t0 = time.perf_counter()
    for rel, name, v in tests(n):
        snapshots.set_current_test(root, rel, name)
        check(v)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--pure-n", type=int, default=200)
    a = ap.parse_args()
    os.environ.pop("CI", None)
    os.environ.pop("DXPY_UPDATE_SNAPSHOTS", None)
    root = tempfile.mkdtemp(prefix="dxpy-snapbench-")
    if blake3.IMPLEMENTATION != "c":
        sys.exit("the worker's C BLAKE3 is not available (%s); build python-worker first" % blake3.IMPLEMENTATION)
    t_create = timed(root, a.n, lambda v: snapshots.snapshot().assert_match(v))

    def full_read(v):
        s = snapshots.snapshot()
        with open(s.path, "rb") as f:
            assert f.read().decode("utf-8") == snapshots.serialize(v)

    t_full = timed(root, a.n, full_read)
    t_c = timed(root, a.n, lambda v: snapshots.snapshot().assert_match(v))
    c_hash = blake3.hexdigest
    data = value(1).encode()
    t0 = time.perf_counter()
    for _ in range(a.n):
        c_hash(data)
    t_hash = time.perf_counter() - t0
    blake3.hexdigest = blake3.pure_hexdigest  # same hashes, same index: only the implementation differs
    t_pure = timed(root, a.pure_n, lambda v: snapshots.snapshot().assert_match(v))
    lines = sum(len(p) for p in snapshots._pending.values())
    t0 = time.perf_counter()
    snapshots.flush_used()
    t_flush = time.perf_counter() - t0
    print(f"{a.n} assertions of 10 KB values (first run writes them: {t_create:.2f} s)")
    print(f"  full-read   {t_full:7.3f} s  {t_full / a.n * 1e6:8.1f} us/assertion")
    print(f"  index-c     {t_c:7.3f} s  {t_c / a.n * 1e6:8.1f} us/assertion  (C BLAKE3 alone: "
          f"{t_hash / a.n * 1e6:.1f} us per 10 KB)")
    print(f"  index-pure  {t_pure / a.pure_n * a.n:7.3f} s  {t_pure / a.pure_n * 1e6:8.1f} us/assertion "
          f"(pure-Python BLAKE3, measured on {a.pure_n}, scaled to {a.n})")
    print(f"  used-snapshot list: {lines} distinct lines buffered, written once at the end: {t_flush * 1e3:.1f} ms")

if __name__ == "__main__":
    main()

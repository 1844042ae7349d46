#!/usr/bin/env python3
"""Snapshot benchmark: N matching dx.snapshot() assertions of 10 KB values, hash index vs reading and
comparing the full stored content.

  python3 bench/snapshots.py [--n 10000] [--pure-n 200]

Modes, each over the same stored snapshots (100 test files x N/100 tests):
  full-read     open the .snap file, read it, compare with the serialization (what the index avoids)
  index-b2      the index path with hashlib.blake2b standing in for a C BLAKE3 (the `blake3` wheel,
                not installed here); only the hash function differs from dxpy's code path
  index-pure    the index path as shipped without the `blake3` wheel: pure-Python BLAKE3
                (timed on --pure-n assertions and reported per assertion: it is slow)
"""
import argparse
import hashlib
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python-worker", "src", "main", "python"))
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
    real_hash = blake3.hexdigest
    blake3.hexdigest = lambda d: hashlib.blake2b(bytes(d), digest_size=32).hexdigest()
    t_create = timed(root, a.n, lambda v: snapshots.snapshot().assert_match(v))  # write with the stand-in hash

    def full_read(v):
        s = snapshots.snapshot()
        with open(s.path, "rb") as f:
            assert f.read().decode("utf-8") == snapshots.serialize(v)

    t_full = timed(root, a.n, full_read)
    t_b2 = timed(root, a.n, lambda v: snapshots.snapshot().assert_match(v))
    # pure-Python BLAKE3: rewrite a subset's index with real BLAKE3 hashes, then time the shipped path
    blake3.hexdigest = real_hash
    os.environ["DXPY_UPDATE_SNAPSHOTS"] = "1"
    timed(root, a.pure_n, lambda v: snapshots.snapshot().assert_match(v))
    os.environ.pop("DXPY_UPDATE_SNAPSHOTS")
    t_pure = timed(root, a.pure_n, lambda v: snapshots.snapshot().assert_match(v))
    print(f"{a.n} assertions of 10 KB values (first run writes them: {t_create:.2f} s)")
    print(f"  full-read   {t_full:7.3f} s  {t_full / a.n * 1e6:8.1f} us/assertion")
    print(f"  index-b2    {t_b2:7.3f} s  {t_b2 / a.n * 1e6:8.1f} us/assertion  (C hash stand-in)")
    print(f"  index-pure  {t_pure / a.pure_n * a.n:7.3f} s  {t_pure / a.pure_n * 1e6:8.1f} us/assertion "
          f"(pure-Python BLAKE3, measured on {a.pure_n}, scaled to {a.n})")


if __name__ == "__main__":
    main()

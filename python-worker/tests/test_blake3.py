"""The C BLAKE3 library (src/main/c/dxblake3.c) agrees with the pure-Python implementation, and the
module falls back to pure Python when the library is missing or cannot be loaded."""
import os
import random

import pytest

from dx_py_test_runner import blake3

C_HEXDIGEST, WHY_NOT = blake3._load_c()
needs_c = pytest.mark.skipif(C_HEXDIGEST is None, reason="C library not built (no gcc): %s" % WHY_NOT)

# sizes around the 64-byte block and 1024-byte chunk boundaries, tree shapes of 2..9 chunks, and > 64 KiB
SIZES = sorted({0, 1, 63, 64, 65, 1023, 1024, 1025, 2047, 2048, 2049, 3072, 3073, 4095, 4096, 4097,
                5 * 1024, 8 * 1024 + 1, 9 * 1024 - 1, 65535, 65536, 65537, 100_000, 262_145})


def test_empty_input_matches_the_published_vector():
    assert blake3.pure_hexdigest(b"") == "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"


@needs_c
@pytest.mark.parametrize("size", SIZES)
def test_c_agrees_with_pure_python_around_chunk_boundaries(size):
    data = random.Random(size).randbytes(size)
    assert C_HEXDIGEST(data) == blake3.pure_hexdigest(data)


@needs_c
def test_c_agrees_on_random_sizes_and_accepts_bytes_like_values():
    rnd = random.Random(6)
    for _ in range(40):
        data = rnd.randbytes(rnd.randrange(0, 20_000))
        assert C_HEXDIGEST(bytearray(data)) == C_HEXDIGEST(memoryview(data)) == blake3.pure_hexdigest(data)


@needs_c
def test_the_library_is_used_when_it_was_built():
    assert blake3.IMPLEMENTATION == "c"
    assert blake3.hexdigest(b"abc") == blake3.pure_hexdigest(b"abc")


def test_a_missing_library_is_reported_not_raised(tmp_path):
    fn, why = blake3._load_c(str(tmp_path))
    assert fn is None and blake3.library_name() in why


def test_a_library_that_fails_to_load_is_reported_not_raised(tmp_path):
    (tmp_path / blake3.library_name()).write_bytes(b"not an ELF file")
    fn, why = blake3._load_c(str(tmp_path))
    assert fn is None and why.startswith("cannot load")

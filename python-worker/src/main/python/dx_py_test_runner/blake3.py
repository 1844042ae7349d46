"""BLAKE3 (default hash mode, 32-byte output) for the snapshot index: our C library
(src/main/c/dxblake3.c, compiled by the build into _native/ for the build platform, loaded with ctypes),
else the `blake3` package when installed, else this pure-Python implementation of the specification;
IMPLEMENTATION says which, and the fallback to pure Python is logged as a warning. The engine computes
the same hashes with commons-codec's org.apache.commons.codec.digest.Blake3 (checked by a Java test
against `python3 -m dx_py_test_runner.blake3`)."""
import logging
import os
import struct
import sys

_IV = (0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19)
_PERM = (2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8)
CHUNK_START, CHUNK_END, PARENT, ROOT = 1, 2, 4, 8
_M = 0xFFFFFFFF
_BLOCK = struct.Struct("<16I")


def _schedules():
    order = list(range(16))
    out = []
    for _ in range(7):
        out.append(tuple(order))
        order = [order[p] for p in _PERM]
    return tuple(out)


_SCHEDULES = _schedules()


def _compress(cv, block, counter, block_len, flags):
    """The BLAKE3 compression function; returns the first 8 output words."""
    m = _BLOCK.unpack(block)
    v0, v1, v2, v3, v4, v5, v6, v7 = cv
    v8, v9, v10, v11 = _IV[0], _IV[1], _IV[2], _IV[3]
    v12, v13, v14, v15 = counter & _M, (counter >> 32) & _M, block_len, flags
    for s in _SCHEDULES:
        # columns
        v0 = (v0 + v4 + m[s[0]]) & _M; v12 ^= v0; v12 = ((v12 >> 16) | (v12 << 16)) & _M
        v8 = (v8 + v12) & _M; v4 ^= v8; v4 = ((v4 >> 12) | (v4 << 20)) & _M
        v0 = (v0 + v4 + m[s[1]]) & _M; v12 ^= v0; v12 = ((v12 >> 8) | (v12 << 24)) & _M
        v8 = (v8 + v12) & _M; v4 ^= v8; v4 = ((v4 >> 7) | (v4 << 25)) & _M
        v1 = (v1 + v5 + m[s[2]]) & _M; v13 ^= v1; v13 = ((v13 >> 16) | (v13 << 16)) & _M
        v9 = (v9 + v13) & _M; v5 ^= v9; v5 = ((v5 >> 12) | (v5 << 20)) & _M
        v1 = (v1 + v5 + m[s[3]]) & _M; v13 ^= v1; v13 = ((v13 >> 8) | (v13 << 24)) & _M
        v9 = (v9 + v13) & _M; v5 ^= v9; v5 = ((v5 >> 7) | (v5 << 25)) & _M
        v2 = (v2 + v6 + m[s[4]]) & _M; v14 ^= v2; v14 = ((v14 >> 16) | (v14 << 16)) & _M
        v10 = (v10 + v14) & _M; v6 ^= v10; v6 = ((v6 >> 12) | (v6 << 20)) & _M
        v2 = (v2 + v6 + m[s[5]]) & _M; v14 ^= v2; v14 = ((v14 >> 8) | (v14 << 24)) & _M
        v10 = (v10 + v14) & _M; v6 ^= v10; v6 = ((v6 >> 7) | (v6 << 25)) & _M
        v3 = (v3 + v7 + m[s[6]]) & _M; v15 ^= v3; v15 = ((v15 >> 16) | (v15 << 16)) & _M
        v11 = (v11 + v15) & _M; v7 ^= v11; v7 = ((v7 >> 12) | (v7 << 20)) & _M
        v3 = (v3 + v7 + m[s[7]]) & _M; v15 ^= v3; v15 = ((v15 >> 8) | (v15 << 24)) & _M
        v11 = (v11 + v15) & _M; v7 ^= v11; v7 = ((v7 >> 7) | (v7 << 25)) & _M
        # diagonals
        v0 = (v0 + v5 + m[s[8]]) & _M; v15 ^= v0; v15 = ((v15 >> 16) | (v15 << 16)) & _M
        v10 = (v10 + v15) & _M; v5 ^= v10; v5 = ((v5 >> 12) | (v5 << 20)) & _M
        v0 = (v0 + v5 + m[s[9]]) & _M; v15 ^= v0; v15 = ((v15 >> 8) | (v15 << 24)) & _M
        v10 = (v10 + v15) & _M; v5 ^= v10; v5 = ((v5 >> 7) | (v5 << 25)) & _M
        v1 = (v1 + v6 + m[s[10]]) & _M; v12 ^= v1; v12 = ((v12 >> 16) | (v12 << 16)) & _M
        v11 = (v11 + v12) & _M; v6 ^= v11; v6 = ((v6 >> 12) | (v6 << 20)) & _M
        v1 = (v1 + v6 + m[s[11]]) & _M; v12 ^= v1; v12 = ((v12 >> 8) | (v12 << 24)) & _M
        v11 = (v11 + v12) & _M; v6 ^= v11; v6 = ((v6 >> 7) | (v6 << 25)) & _M
        v2 = (v2 + v7 + m[s[12]]) & _M; v13 ^= v2; v13 = ((v13 >> 16) | (v13 << 16)) & _M
        v8 = (v8 + v13) & _M; v7 ^= v8; v7 = ((v7 >> 12) | (v7 << 20)) & _M
        v2 = (v2 + v7 + m[s[13]]) & _M; v13 ^= v2; v13 = ((v13 >> 8) | (v13 << 24)) & _M
        v8 = (v8 + v13) & _M; v7 ^= v8; v7 = ((v7 >> 7) | (v7 << 25)) & _M
        v3 = (v3 + v4 + m[s[14]]) & _M; v14 ^= v3; v14 = ((v14 >> 16) | (v14 << 16)) & _M
        v9 = (v9 + v14) & _M; v4 ^= v9; v4 = ((v4 >> 12) | (v4 << 20)) & _M
        v3 = (v3 + v4 + m[s[15]]) & _M; v14 ^= v3; v14 = ((v14 >> 8) | (v14 << 24)) & _M
        v9 = (v9 + v14) & _M; v4 ^= v9; v4 = ((v4 >> 7) | (v4 << 25)) & _M
    return (v0 ^ v8, v1 ^ v9, v2 ^ v10, v3 ^ v11, v4 ^ v12, v5 ^ v13, v6 ^ v14, v7 ^ v15)


def _chunk(data, counter, root):
    """Chaining value of one chunk (<= 1024 bytes); with root=True, the final hash words."""
    cv = _IV
    n = max(1, (len(data) + 63) // 64)
    for i in range(n):
        block = data[i * 64:(i + 1) * 64]
        flags = (CHUNK_START if i == 0 else 0) | (CHUNK_END if i == n - 1 else 0)
        if root and i == n - 1:
            flags |= ROOT
        cv = _compress(cv, block.ljust(64, b"\0"), counter, len(block), flags)
    return cv


def _parent(left, right, root):
    return _compress(_IV, _BLOCK.pack(*left, *right), 0, 64, PARENT | (ROOT if root else 0))


def _pure_digest(data):
    data = bytes(data)
    nchunks = max(1, (len(data) + 1023) // 1024)
    if nchunks == 1:
        return struct.pack("<8I", *_chunk(data, 0, True))
    stack = []  # (cv, number of chunks it covers); merged like the reference's lazy binary tree
    for c in range(nchunks):
        cv = _chunk(data[c * 1024:(c + 1) * 1024], c, False)
        total = c + 1
        if c < nchunks - 1:
            while total & 1 == 0:
                cv = _parent(stack.pop(), cv, False)
                total >>= 1
            stack.append(cv)
        else:
            while len(stack) > 1:
                cv = _parent(stack.pop(), cv, False)
            return struct.pack("<8I", *_parent(stack.pop(), cv, True))


_LOG = logging.getLogger(__name__)
_NATIVE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_native")


def library_name():
    """The file name the build gives the C library for this platform (another platform's file is ignored)."""
    return "libdxblake3-%s-%s.so" % (sys.platform, os.uname().machine if hasattr(os, "uname") else "unknown")


def _load_c(directory=_NATIVE_DIR):
    """hexdigest over the C library built from src/main/c/dxblake3.c, or (None, why not)."""
    path = os.path.join(directory, library_name())
    if not os.path.isfile(path):
        return None, "no %s (built by python-worker's Maven build when gcc is present)" % path
    try:
        import ctypes
        lib = ctypes.CDLL(path)
        if lib.dxb3_version() != 1:
            return None, "%s has an unknown version" % path
        fn = lib.dxb3_hash
        fn.argtypes = (ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p)
        fn.restype = None
        make = ctypes.create_string_buffer
    except (OSError, AttributeError) as e:
        return None, "cannot load %s: %s" % (path, e)

    def c_hexdigest(data):
        data = data if type(data) is bytes else bytes(data)
        out = make(32)
        fn(data, len(data), out)
        return out.raw.hex()
    return c_hexdigest, None


def _choose():
    c, why = _load_c()
    if c is not None:
        return c, "c"
    try:  # the Rust-backed package, when the project happens to have it
        from blake3 import blake3 as package
        return (lambda data: package(bytes(data)).hexdigest()), "blake3-package"
    except ImportError:
        pass
    _LOG.warning("dxpy: snapshot hashing uses the pure-Python BLAKE3 (about 2 ms per KiB): %s", why)
    return pure_hexdigest, "python"


def pure_hexdigest(data):
    return _pure_digest(data).hex()


#: which implementation hexdigest uses: "c" (our library), "blake3-package" or "python"
hexdigest, IMPLEMENTATION = _choose()
_LOG.debug("dxpy: BLAKE3 implementation: %s", IMPLEMENTATION)


if __name__ == "__main__":  # `python -m dx_py_test_runner.blake3 < data` prints the hash (Java cross-check)
    # `... blake3 c < data` uses the C library and fails without it
    if len(sys.argv) > 1 and sys.argv[1] == "c":
        fn, why = _load_c()
        if fn is None:
            sys.exit("dxpy: " + why)
    else:
        fn = pure_hexdigest
    print(fn(sys.stdin.buffer.read()))

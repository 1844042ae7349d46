"""dxpy's temp root is marked as a top directory on ext2/3/4 (builtin_fixtures.spread_subdirectories)."""
import array
import fcntl
import os
import struct
import tempfile

import pytest

from dx_py_test_runner import builtin_fixtures as bf


def _flags(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        buf = array.array("i", [0])
        fcntl.ioctl(fd, 0x80006601 | (struct.calcsize("l") << 16), buf, True)
        return buf[0]
    finally:
        os.close(fd)


def _supports_flags(path):
    try:
        _flags(path)
        return True
    except OSError:
        return False


def test_the_temp_root_gets_the_top_directory_flag_and_base_directories_stay_as_they_were(tmp_path, monkeypatch):
    if not _supports_flags(str(tmp_path)):
        pytest.skip("the temp file system has no inode flags (not ext2/3/4)")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("USER", "someone")
    factory = bf.TempPathFactory()
    base = factory.getbasetemp()
    root = tmp_path / "dxpy-of-someone"
    assert base.parent == root
    assert _flags(str(root)) & bf.FS_TOPDIR_FL
    made = factory.mktemp("test_x")
    assert made.is_dir() and made.parent == base and not any(made.iterdir())
    assert bf.spread_subdirectories(str(root)) is True  # already set: left as it is


def _fs_type(path):
    best, kind = "", None
    with open("/proc/mounts") as f:
        for line in f:
            parts = line.split()
            if len(parts) > 2 and (path == parts[1] or path.startswith(parts[1].rstrip("/") + "/")) \
                    and len(parts[1]) > len(best):
                best, kind = parts[1], parts[2]
    return kind


def test_on_tmpfs_the_flag_is_refused_quietly():
    shm = "/dev/shm"
    if not os.path.isdir(shm) or _fs_type(shm) != "tmpfs":
        pytest.skip("no tmpfs at /dev/shm")
    d = tempfile.mkdtemp(dir=shm)
    try:
        assert bf.spread_subdirectories(d) is False
    finally:
        os.rmdir(d)

"""dxpy's temp root: marked as a top directory on ext2/3/4 (builtin_fixtures.spread_subdirectories), base
directories made in lanes that take turns (builtin_fixtures.lane_of), and old base directories deleted off the
run's CPU and out of the lanes in use (builtin_fixtures.discard_stale)."""
import array
import fcntl
import os
import struct
import tempfile
import time

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
    before = bf.lane_of(time.time())
    base = factory.getbasetemp()
    root = tmp_path / "dxpy-of-someone"
    assert base.parent.parent == root
    assert base.parent.name in {"lane-%d" % before, "lane-%d" % bf.lane_of(time.time())}
    assert _flags(str(root)) & bf.FS_TOPDIR_FL
    assert not _flags(str(base.parent)) & bf.FS_TOPDIR_FL, "a lane keeps its base directories near it"
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


def _base_dirs(root, names, start):
    for i, name in enumerate(names):
        d = root / name
        (d / "test_x0").mkdir(parents=True)
        (d / "test_x0" / "f.txt").write_text("x")
        os.utime(d, (start + i, start + i))
    return root


def _gone(paths, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline and any(p.exists() for p in paths):
        time.sleep(0.02)
    return not any(p.exists() for p in paths)


def test_stale_base_directories_are_renamed_at_once_and_deleted_by_a_detached_process(tmp_path):
    now = time.time()
    root = _base_dirs(tmp_path, ["dxpy-a", "dxpy-b", "dxpy-c", "dxpy-d"], now - 100)
    old_trash = root / ".trash-dxpy-z"
    (old_trash / "sub").mkdir(parents=True)
    os.utime(old_trash, (now - 3600, now - 3600))
    fresh_trash = root / ".trash-dxpy-y"  # another worker's deletion may still be under way
    fresh_trash.mkdir()
    handed = bf.discard_stale(root, keep=2, now=now)
    assert sorted(p.name for p in handed) == [".trash-dxpy-a", ".trash-dxpy-b", ".trash-dxpy-z"]
    assert not (root / "dxpy-a").exists() and not (root / "dxpy-b").exists()  # renamed before the call returned
    assert _gone(handed), "the detached deletion did not finish"
    assert sorted(p.name for p in root.iterdir()) == [".trash-dxpy-y", "dxpy-c", "dxpy-d"]


def test_without_a_process_to_spawn_the_stale_directories_are_deleted_in_place(tmp_path, monkeypatch):
    root = _base_dirs(tmp_path, ["dxpy-a", "dxpy-b", "dxpy-c"], time.time() - 100)

    def refuse(*args, **kwargs):
        raise OSError("no nice here")

    monkeypatch.setattr(os, "posix_spawnp", refuse)
    handed = bf.discard_stale(root, keep=2)
    assert [p.name for p in handed] == [".trash-dxpy-a"]
    assert sorted(p.name for p in root.iterdir()) == ["dxpy-b", "dxpy-c"]


def test_lanes_take_turns_a_minute_each():
    assert [bf.lane_of(t) for t in (0, 59.9, 60, 150, 239, 240, 300)] == [0, 0, 1, 2, 3, 0, 1]


def test_stale_base_directories_wait_while_their_lane_is_in_use_or_next_unless_old_or_too_many(tmp_path):
    now = 10 * 240 + 30.0  # lane 0 in use, lane 1 next
    assert bf.lane_of(now) == 0
    root = tmp_path

    def base(lane, name, age):
        d = root / ("lane-%d" % lane) / name
        (d / "test_x0").mkdir(parents=True)
        os.utime(d, (now - age, now - age))
        return d

    in_use, nxt = base(0, "dxpy-a", 200), base(1, "dxpy-b", 190)
    free2, free3 = base(2, "dxpy-c", 180), base(3, "dxpy-d", 170)
    ancient = base(1, "dxpy-e", 700)  # waited ten minutes: goes even from the next lane
    kept = [base(0, "dxpy-k%d" % i, 10 + i) for i in range(2)]  # the newest two: kept, as pytest keeps them
    handed = bf.discard_stale(root, keep=2, now=now)
    assert sorted(p.name for p in handed) == [".trash-lane-1-dxpy-e", ".trash-lane-2-dxpy-c", ".trash-lane-3-dxpy-d"]
    assert _gone(handed)
    assert in_use.exists() and nxt.exists() and all(k.exists() for k in kept)
    # a minute later lane 1 is in use and lane 0 is not next any more: its base directory goes
    handed = bf.discard_stale(root, keep=2, now=now + 60)
    assert [p.name for p in handed] == [".trash-lane-0-dxpy-a"]
    assert _gone(handed) and nxt.exists()
    # never more than sixteen waiting: the oldest beyond go
    many = [base(0, "dxpy-m%02d" % i, 100 - i) for i in range(20)]
    handed = bf.discard_stale(root, keep=2, now=now)
    waiting = [nxt] + many + kept
    assert sorted(p.name for p in handed) == sorted(".trash-lane-%s-%s" % (p.parent.name[5:], p.name)
                                                    for p in waiting[:len(waiting) - 2 - 16])
    assert _gone(handed)

"""A memory-mapped ring for payloads over THRESHOLD bytes (Java: dev.dxpy.core.protocol.SharedMemoryRing).

     0  8  magic "DXPYRING"        16  8  consumed: u64 position up to which the reader has copied
     8  8  capacity: data bytes    24 40  zero;   64..64+capacity: data

The writer keeps a monotonic position p; a payload goes to offset p % capacity, or to 0 when it would not
fit before the end, and only when p + length - consumed <= capacity, else it is sent inline. The reader
recovers p from the offset and its own consumed, copies the bytes out and publishes the new consumed.
"""
import mmap
import os
import struct

THRESHOLD = 1024
CONTROL = 64
MAGIC = b"DXPYRING"
_Q = struct.Struct("<Q")


def map_existing(path, magic, what):
    """Maps an existing shared-memory file laid out as the ring is (8 bytes of magic, the data capacity as a u64,
    CONTROL bytes, then the data), as the frame log is too; returns (mmap, capacity). Raises ValueError naming
    `what` when the file is too small or not one."""
    fd = os.open(path, os.O_RDWR)
    try:
        size = os.fstat(fd).st_size
        if size < CONTROL:
            raise ValueError("%s is %d bytes, too small for a dxpy %s" % (path, size, what))
        mm = mmap.mmap(fd, size)
    finally:
        os.close(fd)
    capacity = _Q.unpack_from(mm, 8)[0]
    if mm[0:8] != magic or CONTROL + capacity > size:
        found = mm[0:8]
        mm.close()
        raise ValueError("%s is not a dxpy %s (magic %r, capacity %d, size %d)" % (path, what, found, capacity, size))
    return mm, capacity


class SharedRing:
    def __init__(self, path, mm, capacity):
        self.path = path
        self._mm = mm
        self.capacity = capacity
        self._position = 0
        self._consumed = 0

    @classmethod
    def create(cls, path, capacity):
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.ftruncate(fd, CONTROL + capacity)
            mm = mmap.mmap(fd, CONTROL + capacity)
        finally:
            os.close(fd)
        mm[0:8] = MAGIC
        _Q.pack_into(mm, 8, capacity)
        return cls(path, mm, capacity)

    @classmethod
    def open(cls, path):
        """Maps an existing ring; raises ValueError if the file is not one."""
        mm, capacity = map_existing(path, MAGIC, "ring")
        return cls(path, mm, capacity)

    def put(self, payload):
        """Writes payload into the ring if it is over THRESHOLD bytes and fits; returns its offset or None."""
        n = len(payload)
        if n <= THRESHOLD or n > self.capacity:
            return None
        p = self._position
        off = p % self.capacity
        if off + n > self.capacity:
            p += self.capacity - off
            off = 0
        if p + n - _Q.unpack_from(self._mm, 16)[0] > self.capacity:
            return None
        self._mm[CONTROL + off:CONTROL + off + n] = payload
        self._position = p + n
        return off

    def take(self, offset, length):
        """Copies the payload at offset out and releases its space; None if the reference is out of bounds."""
        if offset < 0 or length < 0 or offset + length > self.capacity:
            return None
        data = bytes(self._mm[CONTROL + offset:CONTROL + offset + length])
        p = self._consumed + (offset - self._consumed % self.capacity) % self.capacity
        self._consumed = p + length
        _Q.pack_into(self._mm, 16, self._consumed)
        return data

    def close(self):
        try:
            self._mm.close()
        except (BufferError, ValueError):
            pass

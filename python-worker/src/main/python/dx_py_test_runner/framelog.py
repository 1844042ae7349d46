"""The worker's shared-memory frame log (Java: dev.dxpy.core.protocol.FrameLog); this side only writes.

     0  8  magic "DXPYFLOG"         24  8  consumed: u64, published by the engine
     8  8  capacity: data bytes     32 32  zero
    16  8  written: u64, published here after the frame's bytes;   64..64+capacity: data

Whole frames (header and payload, the bytes that would go on the pipe) lie back to back at monotonic
positions, position p at data offset p % capacity, wrapping around the end. A frame is appended only when
written + size - consumed <= capacity. The mapping is MAP_SHARED, so what was published survives the
worker's death and the engine still reads it.

The two control words are read and stored as aligned 8-byte words through a memoryview (one store, never
torn, and after the frame's bytes: x86-64 keeps stores in order; elsewhere the engine's CRC check and its
zeroing of read frames make a frame seen too early wait for the next look).
"""
import struct
import sys

from .shm import CONTROL, map_existing

MAGIC = b"DXPYFLOG"
_Q = struct.Struct("<Q")
_WRITTEN = 2  # index of the u64 word
_CONSUMED = 3


class FrameLog:
    def __init__(self, mm, capacity):
        self._mm = mm
        self.capacity = capacity
        self._words = memoryview(mm)[:CONTROL].cast("Q") if sys.byteorder == "little" else None
        self.position = self._load(_WRITTEN)

    @classmethod
    def open(cls, path):
        """Maps an existing log; raises ValueError if the file is not one."""
        return cls(*map_existing(path, MAGIC, "frame log"))

    def _load(self, index):
        if self._words is not None:
            return self._words[index]
        return _Q.unpack_from(self._mm, index * 8)[0]

    def unread(self):
        """Bytes written that the engine has not read yet."""
        return self.position - self._load(_CONSUMED)

    def free(self):
        return self.capacity - self.unread()

    def append(self, frame):
        """Writes one whole frame and publishes it; False (nothing written) when it does not fit."""
        n = len(frame)
        p = self.position
        if p + n - self._load(_CONSUMED) > self.capacity:
            return False
        at = p % self.capacity
        first = min(n, self.capacity - at)
        mm = self._mm
        if first == n:
            mm[CONTROL + at:CONTROL + at + n] = frame
        else:
            view = memoryview(frame)
            mm[CONTROL + at:CONTROL + at + first] = view[:first]
            mm[CONTROL:CONTROL + n - first] = view[first:]
        p += n
        self.position = p
        if self._words is not None:
            self._words[_WRITTEN] = p
        else:
            _Q.pack_into(mm, _WRITTEN * 8, p)
        return True

    def close(self):
        if self._words is not None:
            self._words.release()
            self._words = None
        try:
            self._mm.close()
        except (BufferError, ValueError):
            pass

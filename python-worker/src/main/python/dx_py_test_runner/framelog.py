"""The worker's shared-memory frame log (Java: dev.dxpy.core.protocol.FrameLog); this side only writes.

     0  8  magic "DXPYFLOG"         24  8  consumed: u64, published by the engine
     8  8  capacity: data bytes     32 32  zero
    16  8  written: u64, published here after the frame's bytes;   64..64+capacity: data

After the data, at 64 + capacity rounded up to a multiple of 8, the running slot (SLOT_BYTES): the test this worker runs now, written before
each test instead of a TEST_STARTED frame; the engine reads it only on a crash, a timeout or a steal.

    +0  8  seq: u64, odd while it is written     +16  4  length of the node id in UTF-8 (0: none)
    +8  8  request id of the RUN_FILE            +20  4  zero;  +24..: the node id's bytes

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


SLOT_BYTES = 64 * 1024
_SLOT_HEADER = 24
SLOT_ID_BYTES = SLOT_BYTES - _SLOT_HEADER
_SLOT_FIELDS = struct.Struct("<QI")  # request id, length (after the seq word)


class FrameLog:
    def __init__(self, mm, capacity):
        self._mm = mm
        self.capacity = capacity
        self._words = memoryview(mm)[:CONTROL].cast("Q") if sys.byteorder == "little" else None
        self.position = self._load(_WRITTEN)
        at = (CONTROL + capacity + 7) & ~7
        # an engine that made the log without the slot (never the one shipped with this worker): frames only
        self._slot = at if len(mm) >= at + SLOT_BYTES else None
        self._seq_word = memoryview(mm)[at:at + 8].cast("Q") if self._slot is not None and self._words is not None \
            else None
        self._seq = self._load_seq() & ~1 if self._slot is not None else 0

    def _load_seq(self):
        if self._seq_word is not None:
            return self._seq_word[0]
        return _Q.unpack_from(self._mm, self._slot)[0]

    def _store_seq(self, seq):
        if self._seq_word is not None:
            self._seq_word[0] = seq  # one aligned store
        else:
            _Q.pack_into(self._mm, self._slot, seq)

    def set_running(self, request_id, node_id):
        """Announces the test about to run (node_id: its UTF-8 bytes) in the running slot; False when there is no
        slot or the id is too long for it: the slot is emptied and the caller sends a TEST_STARTED frame."""
        at = self._slot
        if at is None:
            return False
        n = len(node_id)
        fits = n <= SLOT_ID_BYTES
        seq = self._seq + 1
        self._store_seq(seq)  # odd: being written
        mm = self._mm
        _SLOT_FIELDS.pack_into(mm, at + 8, request_id, n if fits else 0)
        if fits:
            mm[at + _SLOT_HEADER:at + _SLOT_HEADER + n] = node_id
        self._seq = seq + 1
        self._store_seq(seq + 1)
        return fits

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
        if self._seq_word is not None:
            self._seq_word.release()
            self._seq_word = None
        if self._words is not None:
            self._words.release()
            self._words = None
        try:
            self._mm.close()
        except (BufferError, ValueError):
            pass

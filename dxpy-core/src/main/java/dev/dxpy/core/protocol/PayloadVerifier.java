package dev.dxpy.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bound-checks a FlatBuffer against a {@link PayloadShape} before the generated accessors read it
 * (flatbuffers-java has no verifier): every table, vtable, field, string and vector must lie inside the
 * payload, strings must be NUL-terminated. Fields beyond the shape (added by a newer schema) are ignored.
 */
final class PayloadVerifier {

    private static final int MAX_VTABLE_ENTRY = 0x7FFF;

    private final ByteBuffer bb;
    private final long limit;
    private final String root;

    private PayloadVerifier(ByteBuffer bb, String root) {
        this.bb = bb.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.limit = bb.limit();
        this.root = root;
    }

    /** Checks {@code bb} (positioned at 0) holds a well-formed table of {@code shape} at its root. */
    static void verify(ByteBuffer bb, PayloadShape shape) throws ProtocolException {
        PayloadVerifier v = new PayloadVerifier(bb, shape.name());
        if (v.limit < 4) {
            throw v.bad("payload of " + v.limit + " bytes is too short to hold a root offset");
        }
        v.table(v.u32(0), shape, new Where(null, shape.name(), -1));
    }

    /**
     * Where a table lies in the payload, e.g. {@code Collected.stamps[3]}: {@code field} of the table at
     * {@code parent} (none: the root), element {@code index} of it (-1: not a vector). Spelt out only for an
     * error: a verify that passes builds no string (it runs on every frame of a run).
     */
    private record Where(Where parent, String field, long index) {
        @Override
        public String toString() {
            String at = parent == null ? field : parent + "." + field;
            return index < 0 ? at : at + "[" + index + "]";
        }
    }

    private void table(long pos, PayloadShape shape, Where path) throws ProtocolException {
        if (pos + 4 > limit) {
            throw bad(path + ": table at " + pos + " is outside the payload");
        }
        long vtable = pos - bb.getInt((int) pos);
        if (vtable < 0 || vtable + 4 > limit) {
            throw bad(path + ": vtable at " + vtable + " is outside the payload");
        }
        int vtableSize = u16(vtable);
        int tableSize = u16(vtable + 2);
        if (vtableSize < 4 || (vtableSize & 1) != 0 || vtableSize > MAX_VTABLE_ENTRY || vtable + vtableSize > limit) {
            throw bad(path + ": vtable size " + vtableSize + " at " + vtable + " is invalid");
        }
        if (tableSize < 4 || tableSize > MAX_VTABLE_ENTRY || pos + tableSize > limit) {
            throw bad(path + ": table size " + tableSize + " at " + pos + " is invalid");
        }
        for (int i = 0; i < shape.fields().size(); i++) {
            int slot = 4 + 2 * i;
            if (slot >= vtableSize) {
                break;
            }
            int off = u16(vtable + slot);
            if (off == 0) {
                continue;
            }
            PayloadShape.Field field = shape.fields().get(i);
            String name = field.name();
            if (off < 4 || off + field.kind().inlineSize > tableSize) {
                throw bad(new Where(path, name, -1) + ": field offset " + off + " is outside its table of "
                        + tableSize + " bytes");
            }
            long at = pos + off;
            switch (field.kind()) {
                case STRING -> string(ref(at, path, name, -1), path, name, -1);
                case STRINGS -> {
                    long vec = ref(at, path, name, -1);
                    long n = vector(vec, path, name);
                    for (long j = 0; j < n; j++) {
                        long element = vec + 4 + 4 * j;
                        string(ref(element, path, name, j), path, name, j);
                    }
                }
                case TABLES -> {
                    long vec = ref(at, path, name, -1);
                    long n = vector(vec, path, name);
                    for (long j = 0; j < n; j++) {
                        long element = vec + 4 + 4 * j;
                        table(ref(element, path, name, j), field.element(), new Where(path, name, j));
                    }
                }
                default -> {
                    // scalars: bounds checked above
                }
            }
        }
    }

    /** Follows the unsigned offset stored at {@code at}; the target must leave room for a u32. */
    private long ref(long at, Where table, String field, long index) throws ProtocolException {
        long target = at + u32(at);
        if (target + 4 > limit) {
            throw bad(new Where(table, field, index) + ": offset at " + at + " points to " + target
                    + ", outside the payload");
        }
        return target;
    }

    private void string(long at, Where table, String field, long index) throws ProtocolException {
        long length = u32(at);
        long end = at + 4 + length;
        if (end + 1 > limit) {
            throw bad(new Where(table, field, index) + ": string of " + length + " bytes at " + at
                    + " runs past the payload");
        }
        if (bb.get((int) end) != 0) {
            throw bad(new Where(table, field, index) + ": string at " + at + " is not NUL-terminated");
        }
    }

    /** The element count of the vector of 4-byte elements at {@code at}. */
    private long vector(long at, Where table, String field) throws ProtocolException {
        long n = u32(at);
        if (at + 4 + 4 * n > limit) {
            throw bad(new Where(table, field, -1) + ": vector of " + n + " elements at " + at
                    + " runs past the payload");
        }
        return n;
    }

    private long u32(long at) {
        return Integer.toUnsignedLong(bb.getInt((int) at));
    }

    private int u16(long at) {
        return Short.toUnsignedInt(bb.getShort((int) at));
    }

    private ProtocolException bad(String what) {
        return new ProtocolException(ProtocolException.Kind.BAD_PAYLOAD,
                "malformed " + root + " payload (" + limit + " bytes): " + what
                        + "; the peer wrote a different schema or the payload was corrupted");
    }
}

package dev.dxpy.core.index;

import dev.dxpy.core.io.AtomicFiles;
import dev.dxpy.core.io.CacheFiles;
import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.treesitter.ContentHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/** Reads and writes the index file; the layout is documented in {@code site/index-format.md}. */
public final class TestIndex {
    static final byte[] MAGIC = {'D', 'X', 'T', 'I'};
    public static final int VERSION = 6;
    private static final int HASH = 32;
    /** The trailing checksum: CRC32C (a checksum against truncation and corruption; no adversary to resist). */
    private static final int CHECKSUM = 4;

    private final byte[] fingerprint;
    private final Map<String, IndexEntry> entries;

    public TestIndex(byte[] fingerprint, Map<String, IndexEntry> entries) {
        this.fingerprint = fingerprint.clone();
        this.entries = new LinkedHashMap<>(entries);
    }

    /** The fingerprint of what all entries were built with (config and conftest files). */
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    public Map<String, IndexEntry> entries() {
        return entries;
    }

    public static byte[] hash(byte[] content) {
        return ContentHash.blake3(content);
    }

    private static int checksum(byte[] data, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, 0, length);
        return (int) crc.getValue();
    }

    /**
     * Reads an index; an absent file gives null, an unreadable, truncated, corrupted or other-version
     * file gives null after a warning (the caller then rebuilds it).
     */
    public static TestIndex read(Path file, Consumer<String> warnings) {
        String failed = awaitWrite(file);
        if (failed != null) {
            warnings.accept(failed);
        }
        return CacheFiles.read(file, "dxpy index", TestIndex::decode, warnings);
    }

    /**
     * Index files being written by {@link #writeInBackground}, by absolute path: at most one write per file at a
     * time; each completes with null, or with why it failed.
     */
    private static final Map<Path, CompletableFuture<String>> WRITES = new ConcurrentHashMap<>();

    /**
     * Writes this index on another thread, after any write of the same file still under way: the caller goes on
     * (prints the ids, starts the run) while the ~400 KB of a 10k-test index are encoded and written. A later
     * {@link #read} of the file waits for it; {@link #awaitWrites} before the process exits. The directory is
     * created and checked here, so what usually stops a write (a file in the way, a read-only directory) is the
     * caller's IOException; a failure of the write itself (a full disk) is a warning of the next read in this
     * JVM, or costs the next run its index.
     */
    public void writeInBackground(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        Files.createDirectories(key.getParent());
        if (!Files.isWritable(key.getParent())) {
            throw new AccessDeniedException(key.getParent().toString(), null, "not writable");
        }
        WRITES.compute(key, (k, previous) -> (previous == null ? CompletableFuture.<String>completedFuture(null) : previous)
                .thenApplyAsync(ignored -> {
                    try {
                        write(key);
                        return null;
                    } catch (UncheckedIOException e) {
                        return e.getMessage() + " (" + e.getCause() + "): the next run parses every file again";
                    }
                }));
    }

    /** Waits for the write of {@code file} under way, if any; returns why it failed, or null. */
    private static String awaitWrite(Path file) {
        Path key = file.toAbsolutePath().normalize();
        CompletableFuture<String> w = WRITES.get(key);
        if (w == null) {
            return null;
        }
        String failed = w.join();
        WRITES.remove(key, w); // unless a newer write is chained behind it already
        return failed;
    }

    /**
     * Waits for every index write started in this JVM (before it exits: the writer is a daemon thread); the
     * ones that succeeded are forgotten (a failed one stays for the next read of its file to report).
     */
    public static void awaitWrites() {
        WRITES.forEach((key, w) -> {
            if (w.join() == null) {
                WRITES.remove(key, w);
            }
        });
    }

    static TestIndex decode(byte[] data) {
        if (data.length < MAGIC.length + 2 + CHECKSUM) {
            throw new IndexFormatException("truncated: " + data.length + " bytes");
        }
        if (!Arrays.equals(data, 0, 4, MAGIC, 0, 4)) {
            throw new IndexFormatException("bad magic");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        b.position(4);
        int version = Short.toUnsignedInt(b.getShort());
        if (version != VERSION) {
            throw new IndexFormatException("version " + version + ", expected " + VERSION);
        }
        int bodyLength = data.length - CHECKSUM;
        if (checksum(data, bodyLength) != ByteBuffer.wrap(data, bodyLength, CHECKSUM).getInt()) {
            throw new IndexFormatException("checksum mismatch (truncated or corrupted)");
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, bodyLength);
        in.position(6);
        byte[] fingerprint = bytes(in, HASH);
        int count = in.getInt();
        Map<String, IndexEntry> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            IndexEntry e = entry(in);
            entries.put(e.path(), e);
        }
        if (in.hasRemaining()) {
            throw new IndexFormatException(in.remaining() + " unexpected bytes before the checksum");
        }
        return new TestIndex(fingerprint, entries);
    }

    private static IndexEntry entry(ByteBuffer in) {
        String path = str(in);
        long size = in.getLong();
        long mtime = in.getLong();
        byte[] hash = bytes(in, HASH);
        int nTests = count(in);
        List<CollectedTest> tests = new ArrayList<>(nTests);
        for (int t = 0; t < nTests; t++) {
            int nClasses = count(in);
            List<String> classes = new ArrayList<>(nClasses);
            for (int c = 0; c < nClasses; c++) {
                classes.add(str(in));
            }
            String name = str(in);
            String param = in.get() == 1 ? str(in) : null;
            int line = in.getInt();
            boolean runtime = in.get() == 1;
            List<String> marks = strings(in);
            tests.add(new CollectedTest(new TestId(path, classes, name, param), line, runtime, new java.util.LinkedHashSet<>(marks)));
        }
        List<String> imports = strings(in);
        CollectionError error = null;
        if (in.get() == 1) {
            int line = in.getInt();
            error = new CollectionError(path, line, str(in));
        }
        List<String> warnings = strings(in);
        int nDeps = count(in);
        List<IndexEntry.Dependency> deps = new ArrayList<>(nDeps);
        for (int d = 0; d < nDeps; d++) {
            deps.add(new IndexEntry.Dependency(str(in), in.getLong(), in.getLong(), bytes(in, HASH)));
        }
        boolean mentionsCache = in.get() == 1;
        return new IndexEntry(path, size, mtime, hash, tests, imports, error, warnings, deps, mentionsCache);
    }

    private static int count(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IndexFormatException("bad count " + n);
        }
        return n;
    }

    private static List<String> strings(ByteBuffer in) {
        int n = count(in);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(str(in));
        }
        return out;
    }

    private static String str(ByteBuffer in) {
        return new String(bytes(in, count(in)), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer in, int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    /** Writes the index atomically: to a temporary file beside it, then moved over it. */
    public void write(Path file) {
        Out out = new Out();
        out.bytes(MAGIC);
        out.room(2).putShort((short) VERSION);
        out.bytes(fingerprint);
        out.room(4).putInt(entries.size());
        for (IndexEntry e : entries.values()) {
            writeEntry(out, e);
        }
        out.room(CHECKSUM).putInt(checksum(out.buf.array(), out.buf.position()));
        try {
            AtomicFiles.write(file, Arrays.copyOf(out.buf.array(), out.buf.position()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dxpy index " + file, e);
        }
    }

    private static void writeEntry(Out out, IndexEntry e) {
        out.str(e.path());
        out.room(16).putLong(e.size()).putLong(e.mtime());
        out.bytes(e.hash());
        out.room(4).putInt(e.tests().size());
        for (CollectedTest t : e.tests()) {
            out.strings(t.id().classes());
            out.str(t.id().name());
            out.room(1).put((byte) (t.id().paramId() == null ? 0 : 1));
            if (t.id().paramId() != null) {
                out.str(t.id().paramId());
            }
            out.room(5).putInt(t.line()).put((byte) (t.runtimeParametrized() ? 1 : 0));
            out.strings(t.marks().size() < 2 ? t.marks() : new TreeSet<>(t.marks()));
        }
        out.strings(e.imports());
        out.room(1).put((byte) (e.error() == null ? 0 : 1));
        if (e.error() != null) {
            out.room(4).putInt(e.error().line());
            out.str(e.error().message());
        }
        out.strings(e.warnings());
        out.room(4).putInt(e.deps().size());
        for (IndexEntry.Dependency d : e.deps()) {
            out.str(d.path());
            out.room(16).putLong(d.size()).putLong(d.mtime());
            out.bytes(d.hash());
        }
        out.room(1).put((byte) (e.mentionsCache() ? 1 : 0));
    }

    /** The file being written: a heap buffer that grows (big-endian, as {@link #decode} reads it). */
    private static final class Out {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);

        ByteBuffer room(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
                bigger.put(buf.array(), 0, buf.position());
                buf = bigger;
            }
            return buf;
        }

        void bytes(byte[] b) {
            room(b.length).put(b);
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            room(4 + b.length).putInt(b.length).put(b);
        }

        void strings(Collection<String> l) {
            room(4).putInt(l.size());
            for (String s : l) {
                str(s);
            }
        }
    }
}

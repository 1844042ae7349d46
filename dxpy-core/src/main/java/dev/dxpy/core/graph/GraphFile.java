package dev.dxpy.core.graph;

import dev.dxpy.core.io.AtomicFiles;
import dev.dxpy.core.io.CacheFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.codec.digest.Blake3;

/**
 * Reads and writes file nodes ({@code .dxpy/graph.dxg}, and the last run's snapshot
 * {@code .dxpy/snapshot.dxg}); the layout is in {@code site/import-graph.md}: magic {@code DXIG}, u16
 * version, u32 count, the nodes, then a BLAKE3 checksum of everything before it.
 */
public final class GraphFile {
    static final byte[] MAGIC = {'D', 'X', 'I', 'G'};
    public static final int VERSION = 1;
    private static final int HASH = 32;

    private GraphFile() {
    }

    /** The nodes in {@code file}; null when absent, or after a warning when unreadable or corrupted (then rebuilt). */
    public static Map<String, FileNode> read(Path file, Consumer<String> warnings) {
        return CacheFiles.read(file, "dxpy import graph", GraphFile::decode, warnings);
    }

    static Map<String, FileNode> decode(byte[] data) {
        if (data.length < MAGIC.length + 2 + 4 + HASH) {
            throw new GraphFormatException("truncated: " + data.length + " bytes");
        }
        if (!Arrays.equals(data, 0, 4, MAGIC, 0, 4)) {
            throw new GraphFormatException("bad magic");
        }
        byte[] body = Arrays.copyOfRange(data, 0, data.length - HASH);
        if (!Arrays.equals(Blake3.hash(body), Arrays.copyOfRange(data, data.length - HASH, data.length))) {
            throw new GraphFormatException("checksum mismatch (truncated or corrupted)");
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        in.position(4);
        int version = Short.toUnsignedInt(in.getShort());
        if (version != VERSION) {
            throw new GraphFormatException("version " + version + ", expected " + VERSION);
        }
        int n = count(in);
        Map<String, FileNode> nodes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String path = str(in);
            long size = in.getLong();
            long mtime = in.getLong();
            byte[] hash = new byte[HASH];
            in.get(hash);
            int k = count(in);
            List<String> imports = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                imports.add(str(in));
            }
            nodes.put(path, new FileNode(path, size, mtime, hash, imports));
        }
        if (in.hasRemaining()) {
            throw new GraphFormatException(in.remaining() + " unexpected bytes before the checksum");
        }
        return nodes;
    }

    private static int count(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new GraphFormatException("bad count " + n);
        }
        return n;
    }

    private static String str(ByteBuffer in) {
        byte[] b = new byte[count(in)];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Writes atomically: a temporary file beside {@code file}, moved over it. */
    public static void write(Path file, Map<String, FileNode> nodes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeShort(VERSION);
            out.writeInt(nodes.size());
            for (FileNode f : nodes.values()) {
                str(out, f.path());
                out.writeLong(f.size());
                out.writeLong(f.mtime());
                out.write(f.hash());
                out.writeInt(f.imports().size());
                for (String s : f.imports()) {
                    str(out, s);
                }
            }
            out.flush();
            out.write(Blake3.hash(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            AtomicFiles.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dxpy import graph " + file, e);
        }
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}

package dev.dxpy.core.treesitter;

import dev.dxpy.core.io.AtomicFiles;
import dev.dxpy.core.io.CacheRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * {@code libdxpy-treesitter}: tree-sitter's runtime and tree-sitter-python compiled with {@code -O2} at build
 * time with a small JNI layer (src/main/c/dxpy_treesitter.c), shipped in this jar for the build's platform and
 * copied to the cache directory to be loaded.
 */
final class NativeTreeSitter {
    static final String LIBRARY = "libdxpy-treesitter.so";

    /** Ints per node in {@link #parse}'s array: symbol, flags, start byte, end byte, start row, parent, field. */
    static final int RECORD = 7;
    static final int NAMED = 1;
    static final int MISSING = 2;
    static final int HAS_ERROR = 4;
    static final int IS_ERROR = 8;

    /** The library file loaded (null until it is). */
    static volatile Path loadedFile;

    /** Null when the library is loaded, else why not. */
    static final String PROBLEM = load();

    private NativeTreeSitter() {
    }

    /** The resource holding the library built for this JVM's platform. */
    static String resource() {
        return "native/" + System.getProperty("os.name") + "-" + System.getProperty("os.arch") + "/" + LIBRARY;
    }

    private static String load() {
        if ("bundled".equals(System.getenv("DXPY_TREESITTER"))) {
            return "DXPY_TREESITTER=bundled";
        }
        byte[] bytes;
        try (InputStream in = NativeTreeSitter.class.getResourceAsStream(resource())) {
            if (in == null) {
                return "no " + resource() + " in the jar (built without gcc, offline, or for another platform)";
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return "cannot read " + resource() + ": " + e.getMessage();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        Path file = CacheRoot.path().resolve("native").resolve(String.format("dxpy-treesitter-%08x.so", crc.getValue()));
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != bytes.length) {
                AtomicFiles.write(file, bytes);
            }
            System.load(file.toAbsolutePath().toString());
            loadedFile = file.toAbsolutePath().normalize();
            long probe = newParser();
            if (probe == 0) {
                return file + " cannot make a Python parser";
            }
            deleteParser(probe);
            return null;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return "cannot load " + file + ": " + e.getMessage();
        }
    }

    /** A parser set to Python (0 when that fails); one thread at a time, freed with {@link #deleteParser}. */
    static native long newParser();

    static native void deleteParser(long parser);

    /** The tree of UTF-8 source: {@link #RECORD} ints a node, in pre-order; null when out of memory. */
    static native int[] parse(long parser, byte[] utf8);

    static native String symbolName(int symbol);

    static native int fieldCount();

    static native String fieldName(int field);
}

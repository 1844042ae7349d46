package dev.dxpy.core.treesitter;

import dev.dxpy.core.io.AtomicFiles;
import dev.dxpy.core.io.CacheRoot;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
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
        URL url = NativeTreeSitter.class.getResource(resource());
        if (url == null) {
            return "no " + resource() + " in the jar (built without gcc, offline, or for another platform)";
        }
        byte[] bytes = null;
        long crc = -1;
        long size = -1;
        try {
            // from a jar, the entry's size and CRC-32 come from its directory: a start that finds the library
            // copied already does not inflate its ~700 KB again
            URLConnection connection = url.openConnection();
            if (connection instanceof JarURLConnection jar && jar.getJarEntry() != null) {
                crc = jar.getJarEntry().getCrc();
                size = jar.getJarEntry().getSize();
            }
            if (crc < 0 || size < 0) {
                bytes = read(url);
                CRC32 sum = new CRC32();
                sum.update(bytes);
                crc = sum.getValue();
                size = bytes.length;
            }
        } catch (IOException e) {
            return "cannot read " + resource() + ": " + e.getMessage();
        }
        Path file = CacheRoot.path().resolve("native").resolve(String.format("dxpy-treesitter-%08x.so", crc));
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != size) {
                AtomicFiles.write(file, bytes != null ? bytes : read(url));
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

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    /** A parser set to Python (0 when that fails); one thread at a time, freed with {@link #deleteParser}. */
    static native long newParser();

    static native void deleteParser(long parser);

    /** The tree of UTF-8 source: {@link #RECORD} ints a node, in pre-order; null when out of memory. */
    static native int[] parse(long parser, byte[] utf8);

    /** BLAKE3 (32 bytes) of {@code data}, by the C implementation the worker also uses (python-worker/src/main/c). */
    static native byte[] blake3(byte[] data);

    static native String symbolName(int symbol);

    static native int fieldCount();

    static native String fieldName(int field);
}

package dev.dxpy.core.worker;

import dev.dxpy.core.api.DxpyException;
import dev.dxpy.core.io.CacheRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.commons.codec.digest.Blake3;

/**
 * The {@code dx_py_test_runner} package shipped in the python-worker jar under {@code dxpy-worker/},
 * extracted once into {@code <cache>/worker-<hash>/} where the hash covers every file, so a new build
 * never runs old worker code and an unchanged one is not extracted again.
 */
public final class WorkerFiles {
    static final String PREFIX = "dxpy-worker/";
    private static final String PROBE = PREFIX + "dx_py_test_runner/__init__.py";

    private final Path dir;
    private final String hash;

    private WorkerFiles(Path dir, String hash) {
        this.dir = dir;
        this.hash = hash;
    }

    /** The directory to put on the worker's {@code sys.path}. */
    public Path dir() {
        return dir;
    }

    /** Hash of the worker files: part of what makes a worker reusable. */
    public String hash() {
        return hash;
    }

    private static final Map<Path, WorkerFiles> EXTRACTED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Default cache root: {@code $DXPY_CACHE}, else {@code $XDG_CACHE_HOME/dxpy}, else {@code ~/.cache/dxpy}. */
    public static Path defaultCacheRoot() {
        return CacheRoot.path();
    }

    public static WorkerFiles extract(Path cacheRoot) {
        WorkerFiles done = EXTRACTED.get(cacheRoot); // the class path does not change while the JVM runs
        if (done != null && Files.isRegularFile(done.dir().resolve("dx_py_test_runner/__init__.py"))) {
            return done;
        }
        WorkerFiles extracted = extractNow(cacheRoot);
        EXTRACTED.put(cacheRoot, extracted);
        return extracted;
    }

    private static WorkerFiles extractNow(Path cacheRoot) {
        Map<String, Entry> files = listAll(false);
        // the name covers each file's path, size and CRC-32 (for a jar, from its directory: nothing is inflated
        // or hashed byte by byte on a start that finds the files extracted already)
        Blake3 h = Blake3.initHash();
        ByteBuffer fixed = ByteBuffer.allocate(16);
        for (Map.Entry<String, Entry> e : files.entrySet()) {
            h.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            h.update(new byte[] {0});
            fixed.clear();
            fixed.putLong(e.getValue().size()).putLong(e.getValue().crc());
            h.update(fixed.array());
        }
        byte[] digest = new byte[16];
        h.doFinalize(digest);
        String hash = HexFormat.of().formatHex(digest);
        Path target = cacheRoot.resolve("worker-" + hash);
        if (Files.isRegularFile(target.resolve("dx_py_test_runner/__init__.py"))) {
            return new WorkerFiles(target, hash);
        }
        try {
            Files.createDirectories(cacheRoot);
            Path tmp = Files.createTempDirectory(cacheRoot, "worker-tmp-");
            for (Map.Entry<String, Entry> e : listAll(true).entrySet()) {
                Path p = tmp.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue().content());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                deleteTree(tmp); // another process extracted the same files first
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DxpyException("cannot extract the dxpy worker into " + cacheRoot + ": " + e.getMessage()
                    + " (set DXPY_CACHE to a writable directory)", e);
        }
        return new WorkerFiles(target, hash);
    }

    /** A file of the worker package: its size and CRC-32, and its bytes when they were read (else null). */
    private record Entry(long size, long crc, byte[] content) {
    }

    /**
     * The worker package's files in one pass over the jar (or the class-path directory). From a jar, sizes and
     * CRC-32s come from its directory and the bytes are inflated only {@code withContent} (or where the directory
     * lacks them); a directory's files are always read.
     */
    private static Map<String, Entry> listAll(boolean withContent) {
        URL probe = WorkerFiles.class.getClassLoader().getResource(PROBE);
        if (probe == null) {
            throw new DxpyException("the dxpy worker package (" + PROBE + ") is not on the class path: the python-worker jar is missing");
        }
        Map<String, Entry> files = new TreeMap<>();
        try {
            if ("jar".equals(probe.getProtocol())) {
                String spec = probe.getPath();
                String jarPath = java.net.URLDecoder.decode(spec.substring("file:".length(), spec.indexOf("!/")),
                        java.nio.charset.StandardCharsets.UTF_8);
                try (JarFile jar = new JarFile(jarPath)) {
                    for (JarEntry e : java.util.Collections.list(jar.entries())) {
                        if (!e.isDirectory() && e.getName().startsWith(PREFIX) && keep(e.getName())) {
                            String rel = e.getName().substring(PREFIX.length());
                            if (!withContent && e.getSize() >= 0 && e.getCrc() >= 0) {
                                files.put(rel, new Entry(e.getSize(), e.getCrc(), null));
                            } else {
                                try (InputStream in = jar.getInputStream(e)) {
                                    files.put(rel, read(in.readAllBytes()));
                                }
                            }
                        }
                    }
                }
            } else {
                Path root = Path.of(probe.toURI()).getParent().getParent();
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                        String rel = root.relativize(p).toString().replace('\\', '/');
                        if (keep(rel)) {
                            files.put(rel, read(Files.readAllBytes(p)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    private static Entry read(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return new Entry(bytes.length, crc.getValue(), bytes);
    }

    private static boolean keep(String name) {
        return !name.contains("__pycache__") && !name.endsWith(".pyc");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}

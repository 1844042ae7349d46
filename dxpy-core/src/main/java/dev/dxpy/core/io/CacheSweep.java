package dev.dxpy.core.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Keeps dxpy's per-user cache ({@link CacheRoot}) from growing without end: entries nobody has used for
 * {@link #UNUSED} go. "Used" is the later of a file's modification and access time (the worker touches what it
 * reuses by reading it; Linux's relatime updates the access time at least once a day). Runs at most once a
 * {@link #EVERY} per cache (a stamp file records the last sweep); never deletes what {@code keep} names, and
 * never fails a run: a file it cannot delete stays.
 *
 * <p>Swept: {@code rewritten/} and {@code bytecode/} (the worker's rewritten test modules and compiled project
 * modules, one file each), {@code native/*.so} (dxpy's tree-sitter library of each build) and
 * {@code worker-<hash>/} (the worker package of each build, judged by its {@code __init__.py}).
 */
public final class CacheSweep {
    public static final Duration UNUSED = Duration.ofDays(30);
    public static final Duration EVERY = Duration.ofDays(1);
    static final String STAMP = ".last-sweep";

    private CacheSweep() {
    }

    /** Whether {@code root} exists and its last sweep is older than {@link #EVERY} (one stat: cheap to ask often). */
    public static boolean due(Path root, Instant now) {
        try {
            Path stamp = root.resolve(STAMP);
            return Files.isDirectory(root) && !(Files.exists(stamp)
                    && Files.getLastModifiedTime(stamp).toInstant().isAfter(now.minus(EVERY)));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sweeps {@code root} if its last sweep is older than {@link #EVERY}; returns how many entries it removed
     * (0 when it did not sweep).
     *
     * @param keep paths in use by this process (its worker directory, its native library): never removed
     */
    public static int maybeSweep(Path root, Instant now, Set<Path> keep) {
        if (!due(root, now)) {
            return 0;
        }
        Path stamp = root.resolve(STAMP);
        try {
            Files.write(stamp, new byte[0]);
            Files.setLastModifiedTime(stamp, FileTime.from(now));
        } catch (IOException e) {
            return 0;
        }
        Instant cutoff = now.minus(UNUSED);
        int removed = 0;
        removed += sweepFiles(root.resolve("rewritten"), "*", cutoff, keep);
        removed += sweepFiles(root.resolve("bytecode"), "*", cutoff, keep);
        removed += sweepFiles(root.resolve("native"), "*.so", cutoff, keep);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "worker-*")) {
            for (Path d : dirs) {
                Path marker = d.resolve("dx_py_test_runner/__init__.py");
                Path judged = Files.exists(marker) ? marker : d;
                if (Files.isDirectory(d) && !keep.contains(d.toAbsolutePath().normalize()) && unused(judged, cutoff)) {
                    // renamed first (one atomic step), so a sweep cut short never leaves a half-deleted worker
                    // that a run could take for a whole one
                    Path trash = root.resolve(".trash-" + d.getFileName());
                    try {
                        Files.move(d, trash);
                        removed += deleteTree(trash) ? 1 : 0;
                    } catch (IOException e) {
                        // stays
                    }
                }
            }
        } catch (IOException e) {
            // a cache that cannot be listed is left as it is
        }
        try (DirectoryStream<Path> trash = Files.newDirectoryStream(root, ".trash-*")) {
            for (Path t : trash) { // left by a sweep that was cut short
                deleteTree(t);
            }
        } catch (IOException e) {
            // stays
        }
        return removed;
    }

    private static int sweepFiles(Path dir, String glob, Instant cutoff, Set<Path> keep) {
        int removed = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && !keep.contains(f.toAbsolutePath().normalize()) && unused(f, cutoff)) {
                    try {
                        removed += Files.deleteIfExists(f) ? 1 : 0;
                    } catch (IOException e) {
                        // stays
                    }
                }
            }
        } catch (IOException e) {
            // stays
        }
        return removed;
    }

    private static boolean unused(Path p, Instant cutoff) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            Instant used = a.lastModifiedTime().toInstant();
            Instant accessed = a.lastAccessTime().toInstant();
            return (accessed.isAfter(used) ? accessed : used).isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

package dev.dxpy.core.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The snapshots a run used, as the workers record them (one {@code .dxpy/snapshots-used/<pid>.txt} per
 * worker, a rootdir-relative path a line), against the {@code .snap} files under {@code __snapshots__}
 * directories. Obsolete snapshots are only meaningful after a full, unfiltered run.
 */
public final class SnapshotLedger {
    /** The environment variable that puts workers in update mode ({@code --update-snapshots}). */
    public static final String UPDATE_ENV = "DXPY_UPDATE_SNAPSHOTS";
    static final String INDEX = "index.b3";

    private final Path rootdir;
    private final Path usedDir;

    public SnapshotLedger(Path rootdir) {
        this.rootdir = rootdir;
        this.usedDir = rootdir.resolve(".dxpy").resolve("snapshots-used");
    }

    /** Forget what earlier runs used; call before the workers start. */
    public void reset() {
        try (Stream<Path> files = Files.list(usedDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing recorded yet
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + usedDir + "; delete it by hand", e);
        }
    }

    /**
     * Rootdir-relative paths ('/' separated, sorted) of all {@code .snap} files in {@code __snapshots__}
     * directories, without descending into hidden directories ({@code .git}, {@code .dxpy}, {@code .venv}...),
     * {@code node_modules}, {@code __pycache__} or virtualenvs (a {@code pyvenv.cfg}), where no collected test
     * lives.
     */
    public List<String> snapshots() throws IOException {
        List<String> out = new ArrayList<>();
        Files.walkFileTree(rootdir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(rootdir)) {
                    return FileVisitResult.CONTINUE;
                }
                String name = dir.getFileName().toString();
                return name.startsWith(".") || name.equals("node_modules") || name.equals("__pycache__")
                        || Files.exists(dir.resolve("pyvenv.cfg")) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                if (p.getFileName().toString().endsWith(".snap") && p.getParent() != null
                        && p.getParent().getParent() != null
                        && p.getParent().getParent().getFileName().toString().equals("__snapshots__")) {
                    out.add(rootdir.relativize(p).toString().replace('\\', '/'));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) {
                return FileVisitResult.CONTINUE; // unreadable: no snapshot of ours
            }
        });
        out.sort(null);
        return out;
    }

    /** Rootdir-relative paths ('/' separated, sorted) of {@code .snap} files no test used in this run. */
    public List<String> obsolete() throws IOException {
        return obsolete(snapshots());
    }

    /** Those of {@code snapshots} ({@link #snapshots()}) no test used in this run. */
    public List<String> obsolete(List<String> snapshots) throws IOException {
        Set<String> used = new HashSet<>();
        if (Files.isDirectory(usedDir)) {
            try (Stream<Path> files = Files.list(usedDir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                        if (!line.isBlank()) {
                            used.add(line.strip());
                        }
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String rel : snapshots) {
            if (!used.contains(rel)) {
                out.add(rel);
            }
        }
        return out;
    }

    /** Delete these snapshots (rootdir-relative) and their lines in the directory's index. */
    public void remove(List<String> snapshots) throws IOException {
        for (String rel : snapshots) {
            Path snap = rootdir.resolve(rel);
            Files.deleteIfExists(snap);
            Path index = snap.resolveSibling(INDEX);
            if (Files.exists(index)) {
                String name = snap.getFileName().toString();
                List<String> kept = new ArrayList<>();
                for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                    String[] parts = line.split(" ", 3);
                    if (!(parts.length == 3 && parts[2].equals(name))) {
                        kept.add(line);
                    }
                }
                Path tmp = index.resolveSibling(INDEX + ".engine.tmp");
                Files.write(tmp, kept, StandardCharsets.UTF_8);
                Files.move(tmp, index, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}

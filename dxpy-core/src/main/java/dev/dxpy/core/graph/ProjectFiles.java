package dev.dxpy.core.graph;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.TreeMap;

/** Lists a project's files with their stat, skipping what never holds project sources. */
public final class ProjectFiles {
    private static final Set<String> IGNORED = Set.of(".git", ".hg", ".svn", ".dxpy", "__pycache__", "node_modules",
            "target", ".tox", ".nox", ".venv", "venv", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".idea");

    private ProjectFiles() {
    }

    /** Whether a directory with this name (and, for virtualenvs, a {@code pyvenv.cfg}) is never looked into. */
    public static boolean ignoredDir(Path dir) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        return IGNORED.contains(name) || name.endsWith(".egg-info") || Files.exists(dir.resolve("pyvenv.cfg"));
    }

    /** rootdir-relative posix path to attributes, sorted by path. */
    static TreeMap<String, BasicFileAttributes> list(Path rootdir) {
        TreeMap<String, BasicFileAttributes> out = new TreeMap<>();
        try {
            Files.walkFileTree(rootdir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(rootdir) && ignoredDir(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        out.put(rel(rootdir, file), attrs);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list the project files under " + rootdir, e);
        }
        return out;
    }

    static String rel(Path rootdir, Path file) {
        return rootdir.relativize(file).toString().replace('\\', '/');
    }
}

package dev.dxpy.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** What the watcher never looks at: VCS and cache directories, virtualenvs, build output, editors' temporary files. */
final class Ignored {
    private static final Set<String> DIRS = Set.of(".git", ".hg", ".svn", ".dxpy", "__pycache__", "node_modules",
            "target", ".tox", ".nox", ".venv", "venv", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".idea");

    private Ignored() {
    }

    static boolean dir(Path dir) {
        String name = name(dir);
        return DIRS.contains(name) || name.endsWith(".egg-info") || Files.exists(dir.resolve("pyvenv.cfg"));
    }

    /** A path inside an ignored directory (below {@code root}) or an editor's swap/backup file. */
    static boolean path(Path root, Path p) {
        String name = name(p);
        if (name.endsWith("~") || name.endsWith(".swp") || name.endsWith(".swx") || name.startsWith(".#")
                || name.equals("4913") || name.endsWith(".pyc") || name.endsWith(".tmp")) {
            return true;
        }
        Path rel = p.startsWith(root) ? root.relativize(p) : p;
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            String part = rel.getName(i).toString();
            if (DIRS.contains(part) || part.endsWith(".egg-info")) {
                return true;
            }
        }
        return false;
    }

    private static String name(Path p) {
        return p.getFileName() == null ? "" : p.getFileName().toString();
    }
}

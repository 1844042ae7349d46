package dev.dxpy.core.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The modules a worker imports before its first test: the configured ones, then the top-level names the
 * test files import that are not the project's own (no {@code name.py} or {@code name/} in the rootdir, a
 * {@code pythonpath} entry or a test file's directory or its parents). The worker skips standard-library
 * names ({@code sys.stdlib_module_names}) and anything that resolves inside the rootdir, so user code is
 * never imported early.
 */
public final class PreloadModules {
    private static final Set<String> NEVER = Set.of("dx_py_test_runner", "__future__", "conftest");

    private PreloadModules() {
    }

    /**
     * @param imports per test file (relative to {@code rootdir}), the absolute dotted names it imports
     * @param searchDirs extra directories on the workers' {@code sys.path} ({@code pythonpath})
     * @param configured modules the user asked for, first and always
     */
    public static List<String> compute(Map<String, List<String>> imports, Path rootdir, Collection<Path> searchDirs,
            List<String> configured) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(rootdir);
        dirs.addAll(searchDirs);
        for (String file : imports.keySet()) {
            for (Path d = rootdir.resolve(file).getParent(); d != null && d.startsWith(rootdir); d = d.getParent()) {
                if (!dirs.add(d)) {
                    break;
                }
            }
        }
        Set<String> out = new LinkedHashSet<>(configured);
        Set<String> seen = new LinkedHashSet<>();
        for (List<String> names : imports.values()) {
            for (String dotted : names) {
                String top = dotted.split("\\.", 2)[0];
                if (top.isEmpty() || NEVER.contains(top) || !seen.add(top)) {
                    continue;
                }
                if (!isProjectModule(top, dirs)) {
                    out.add(top);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean isProjectModule(String name, Set<Path> dirs) {
        for (Path d : dirs) {
            if (Files.exists(d.resolve(name + ".py")) || Files.isDirectory(d.resolve(name))) {
                return true;
            }
        }
        return false;
    }
}

package dev.dxpy.core.graph;

import dev.dxpy.core.config.ProjectConfig;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which project files import which, by module name. A file's module names are its dotted paths
 * relative to each import root it lies under: the rootdir, the {@code pythonpath} ini entries,
 * {@code src/}, and its pytest basedir (the first directory upwards without {@code __init__.py}, as
 * pytest's prepend import mode puts on {@code sys.path}), so namespace packages and src layouts
 * resolve. An import of {@code a.b.c} depends on {@code a}, {@code a.b} and {@code a.b.c}: packages'
 * {@code __init__.py} run, and {@code from a.b import c} is a module or a name in {@code a.b}. Names
 * are matched from the path, so a deleted or new module still finds its importers. Imports that match
 * no project module are external.
 */
public final class ImportGraph {
    static final Set<String> CONFIG_FILES = Set.of("conftest.py", "pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini");

    private final ProjectConfig cfg;
    private final Map<String, FileNode> nodes;
    private final Set<String> packageDirs = new HashSet<>();
    private final List<String> roots;
    private final Map<String, Set<String>> importers = new HashMap<>();
    private final Map<String, Set<String>> modules = new HashMap<>();
    private final Set<String> tops = new HashSet<>();
    private final Set<String> tests = new TreeSet<>();
    private final Set<String> testDirs = new HashSet<>();

    public ImportGraph(ProjectConfig cfg, Map<String, FileNode> nodes) {
        this.cfg = cfg;
        this.nodes = Map.copyOf(nodes);
        Set<String> r = new LinkedHashSet<>();
        r.add("");
        for (String p : cfg.pythonpath()) {
            String rel = ProjectFiles.rel(cfg.rootdir(), cfg.rootdir().resolve(p).normalize());
            if (!rel.startsWith("..")) {
                r.add(rel);
            }
        }
        r.add("src");
        this.roots = List.copyOf(r);
        for (String p : nodes.keySet()) {
            if (p.equals("__init__.py") || p.endsWith("/__init__.py")) {
                packageDirs.add(dir(p));
            }
        }
        for (FileNode n : nodes.values()) {
            if (!n.isPython()) {
                continue;
            }
            for (String imp : n.imports()) {
                for (int i = imp.indexOf('.'); ; i = imp.indexOf('.', i + 1)) {
                    importers.computeIfAbsent(i < 0 ? imp : imp.substring(0, i), k -> new HashSet<>()).add(n.path());
                    if (i < 0) {
                        break;
                    }
                }
            }
            for (String m : moduleNames(n.path())) {
                modules.computeIfAbsent(m, k -> new HashSet<>()).add(n.path());
                tops.add(m.contains(".") ? m.substring(0, m.indexOf('.')) : m);
            }
            if (isTestFile(n.path())) {
                tests.add(n.path());
                testDirs.add(dir(n.path()));
            }
        }
    }

    public Map<String, FileNode> nodes() {
        return nodes;
    }

    /** The test files: {@code python_files} matches, under {@code testpaths} when it is set. */
    public Set<String> testFiles() {
        return tests;
    }

    private boolean isTestFile(String path) {
        if (!cfg.isTestFile(path.substring(path.lastIndexOf('/') + 1))) {
            return false;
        }
        if (cfg.testpaths().isEmpty()) {
            return true;
        }
        for (String tp : cfg.testpaths()) {
            String t = ProjectFiles.rel(cfg.rootdir(), cfg.rootdir().resolve(tp).normalize());
            if (t.isEmpty() || path.equals(t) || path.startsWith(t + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The dotted names {@code path} can be imported as (empty for a non-Python file). */
    public Set<String> moduleNames(String path) {
        Set<String> out = new LinkedHashSet<>();
        if (!path.endsWith(".py")) {
            return out;
        }
        String stem = path.substring(0, path.length() - 3);
        if (stem.equals("__init__")) {
            return out;
        }
        if (stem.endsWith("/__init__")) {
            stem = stem.substring(0, stem.length() - "/__init__".length());
        }
        Set<String> all = new LinkedHashSet<>(roots);
        all.add(basedir(path));
        for (String root : all) {
            if (root.isEmpty()) {
                out.add(stem.replace('/', '.'));
            } else if (stem.startsWith(root + "/")) {
                out.add(stem.substring(root.length() + 1).replace('/', '.'));
            }
        }
        return out;
    }

    private String basedir(String path) {
        String d = dir(path);
        while (!d.isEmpty() && packageDirs.contains(d)) {
            d = dir(d);
        }
        return d;
    }

    static String dir(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    /** The project files {@code path} imports (resolved module names; packages' {@code __init__.py} included). */
    public Set<String> dependencies(String path) {
        Set<String> out = new TreeSet<>();
        FileNode n = nodes.get(path);
        if (n != null) {
            for (String imp : n.imports()) {
                for (int i = imp.indexOf('.'); ; i = imp.indexOf('.', i + 1)) {
                    out.addAll(modules.getOrDefault(i < 0 ? imp : imp.substring(0, i), Set.of()));
                    if (i < 0) {
                        break;
                    }
                }
            }
        }
        out.remove(path);
        return out;
    }

    /** The imports of {@code path} that name no project module (third-party or standard library). */
    public Set<String> externals(String path) {
        Set<String> out = new TreeSet<>();
        FileNode n = nodes.get(path);
        if (n != null) {
            for (String imp : n.imports()) {
                String top = imp.contains(".") ? imp.substring(0, imp.indexOf('.')) : imp;
                if (!tops.contains(top)) {
                    out.add(imp);
                }
            }
        }
        return out;
    }

    /**
     * The test files a change to {@code changed} (rootdir-relative paths, existing or deleted) can affect:
     * changed test files, test files importing a changed module directly or transitively, every test
     * below a changed or affected {@code conftest.py} or a changed config file, and for a non-Python file
     * the tests below the nearest directory (itself or upwards) that holds test files.
     */
    public Set<String> affectedTests(Collection<String> changed) {
        Set<String> out = new TreeSet<>();
        Set<String> seen = new HashSet<>(changed);
        Deque<String> queue = new ArrayDeque<>(changed);
        while (!queue.isEmpty()) {
            String p = queue.poll();
            String name = p.substring(p.lastIndexOf('/') + 1);
            if (tests.contains(p)) {
                out.add(p);
            }
            if (CONFIG_FILES.contains(name)) {
                out.addAll(testsUnder(dir(p)));
            } else if (!p.endsWith(".py")) {
                String d = dir(p);
                while (!d.isEmpty() && !testDirs.contains(d)) {
                    d = dir(d);
                }
                if (testDirs.contains(d)) {
                    out.addAll(testsUnder(d));
                }
            }
            for (String m : moduleNames(p)) {
                for (String imp : importers.getOrDefault(m, Set.of())) {
                    if (seen.add(imp)) {
                        queue.add(imp);
                    }
                }
            }
        }
        return out;
    }

    private List<String> testsUnder(String d) {
        return tests.stream().filter(t -> d.isEmpty() || t.startsWith(d + "/")).toList();
    }
}

package dev.dxpy.core.discovery;

import dev.dxpy.core.config.Fnmatch;
import dev.dxpy.core.config.ProjectConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The collection options pytest reads from {@code addopts} that change which files are collected:
 * {@code --doctest-modules}, {@code --doctest-glob} (default {@code test*.txt}), {@code --ignore} and
 * {@code --ignore-glob}.
 */
record CollectOptions(boolean doctestModules, List<String> doctestGlobs, List<Path> ignores, List<String> ignoreGlobs) {

    static CollectOptions of(ProjectConfig cfg, Path invocationDir) {
        boolean modules = false;
        List<String> globs = new ArrayList<>();
        List<Path> ignores = new ArrayList<>();
        List<String> ignoreGlobs = new ArrayList<>();
        List<String> a = cfg.addoptsArgs();
        for (int i = 0; i < a.size(); i++) {
            String s = a.get(i);
            String value = null;
            String opt = s;
            int eq = s.indexOf('=');
            if (s.startsWith("--") && eq > 0) {
                opt = s.substring(0, eq);
                value = s.substring(eq + 1);
            }
            switch (opt) {
                case "--doctest-modules" -> modules = true;
                case "--doctest-glob", "--ignore", "--ignore-glob" -> {
                    if (value == null && i + 1 < a.size()) {
                        value = a.get(++i);
                    }
                    if (value != null) {
                        switch (opt) {
                            case "--doctest-glob" -> globs.add(value);
                            case "--ignore" -> ignores.add(invocationDir.resolve(value).toAbsolutePath().normalize());
                            default -> ignoreGlobs.add(invocationDir.resolve(value).toAbsolutePath().normalize().toString());
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (globs.isEmpty()) {
            globs.add("test*.txt");
        }
        return new CollectOptions(modules, List.copyOf(globs), List.copyOf(ignores), List.copyOf(ignoreGlobs));
    }

    /** Whether any {@code --ignore} or {@code --ignore-glob} was given. */
    boolean ignoresAny() {
        return !ignores.isEmpty() || !ignoreGlobs.isEmpty();
    }

    boolean ignored(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (ignores.contains(abs)) {
            return true;
        }
        for (String g : ignoreGlobs) {
            if (Fnmatch.matches(abs.toString(), g)) {
                return true;
            }
        }
        return false;
    }

    /** Whether pytest's doctest plugin collects this (non-test) file as doctests. */
    boolean doctestFile(String name) {
        if (name.endsWith(".py")) {
            return doctestModules && !name.equals("__main__.py") && !name.equals("setup.py");
        }
        for (String g : doctestGlobs) {
            if (Fnmatch.matches(name, g)) {
                return true;
            }
        }
        return false;
    }
}

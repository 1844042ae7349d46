package dev.dxpy.core.config;

import dev.dxpy.core.api.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** pytest's {@code determine_setup}: common ancestor of the path arguments, then the first config file upwards. */
final class ConfigLoader {
    private static final List<String> CONFIG_NAMES =
            List.of("pytest.toml", ".pytest.toml", "pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg");

    private ConfigLoader() {
    }

    static ProjectConfig load(Path invocationDir, List<String> args, Path forcedRootdir) {
        Path inv = invocationDir.toAbsolutePath().normalize();
        List<Path> dirs = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-")) {
                continue;
            }
            Path p = inv.resolve(a.split("::", 2)[0]).normalize();
            dirs.add(Files.isDirectory(p) ? p : p.getParent());
        }
        Path ancestor = commonAncestor(inv, dirs);
        Found found = locate(List.of(ancestor));
        Path rootdir = found == null ? null : found.base;
        if (found == null) {
            for (Path p = ancestor; p != null && rootdir == null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("setup.py"))) {
                    rootdir = p;
                }
            }
            if (rootdir == null) {
                if (!dirs.equals(List.of(ancestor)) && !dirs.isEmpty()) {
                    found = locate(dirs);
                    rootdir = found == null ? null : found.base;
                }
                if (rootdir == null) {
                    rootdir = commonAncestor(inv, List.of(inv, ancestor));
                    if (rootdir.getParent() == null) {
                        rootdir = ancestor;
                    }
                }
            }
        }
        if (forcedRootdir != null) {
            rootdir = inv.resolve(forcedRootdir).normalize();
            if (!Files.isDirectory(rootdir)) {
                throw new UsageException("Directory '" + rootdir + "' not found. Check your '--rootdir' option.");
            }
        }
        Options o = new Options(found == null ? Map.of() : found.values);
        return new ProjectConfig(rootdir, found == null ? null : found.file, o.args("testpaths", List.of()),
                o.args("python_files", ProjectConfig.DEFAULT_PYTHON_FILES), o.args("python_classes", List.of("Test")),
                o.args("python_functions", List.of("test")), o.args("norecursedirs", ProjectConfig.DEFAULT_NORECURSEDIRS),
                o.markers(), o.raw("addopts"), o.args("pythonpath", List.of()));
    }

    static Path commonAncestor(Path inv, List<Path> paths) {
        Path common = null;
        for (Path p : paths) {
            if (p == null || !Files.exists(p)) {
                continue;
            }
            if (common == null) {
                common = p;
            } else if (!p.startsWith(common)) {
                Path c = common;
                while (c != null && !p.startsWith(c)) {
                    c = c.getParent();
                }
                common = c == null ? common : c;
            }
        }
        if (common == null) {
            return inv;
        }
        return Files.isRegularFile(common) ? common.getParent() : common;
    }

    private record Found(Path base, Path file, Map<String, Object> values) {
    }

    private static Found locate(List<Path> args) {
        Path pyproject = null;
        for (Path arg : args) {
            for (Path base = arg; base != null; base = base.getParent()) {
                for (String name : CONFIG_NAMES) {
                    Path p = base.resolve(name);
                    if (!Files.isRegularFile(p)) {
                        continue;
                    }
                    if (name.equals("pyproject.toml") && pyproject == null) {
                        pyproject = p;
                    }
                    Map<String, Object> values = read(p);
                    if (values != null) {
                        return new Found(base, p, values);
                    }
                }
            }
        }
        return pyproject == null ? null : new Found(pyproject.getParent(), pyproject, Map.of());
    }

    /** The pytest options in a config file, or null when the file does not configure pytest. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) {
        String name = file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (name.endsWith(".ini") || name.endsWith(".cfg")) {
            IniFile ini = IniFile.parse(text.lines().toList());
            String section = name.endsWith(".cfg") ? "tool:pytest" : "pytest";
            if (ini.has(section)) {
                return Map.copyOf(ini.section(section));
            }
            return name.equals("pytest.ini") || name.equals(".pytest.ini") ? Map.of() : null;
        }
        if (name.endsWith(".toml")) {
            Map<String, Map<String, Object>> tables;
            try {
                tables = TomlTables.parse(text);
            } catch (IllegalArgumentException e) {
                throw new UsageException(file + ": " + e.getMessage() + "; fix the TOML syntax");
            }
            if (name.equals("pytest.toml") || name.equals(".pytest.toml")) {
                return tables.getOrDefault("pytest", Map.of());
            }
            Map<String, Object> ini = tables.get("tool.pytest.ini_options");
            Map<String, Object> native_ = tables.get("tool.pytest");
            if (native_ != null && !native_.isEmpty()) {
                return native_;
            }
            return ini;
        }
        return null;
    }

    /** Typed access to raw option values, converting as pytest's ini types {@code args} and {@code linelist}. */
    private static final class Options {
        private final Map<String, Object> values;

        Options(Map<String, Object> values) {
            this.values = values;
        }

        List<String> args(String key, List<String> dflt) {
            Object v = values.get(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof List<?> l) {
                return l.stream().map(String::valueOf).toList();
            }
            return Shlex.split(v.toString());
        }

        List<String> markers() {
            Object v = values.get("markers");
            List<String> lines = v == null ? List.of()
                    : v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : v.toString().lines().toList();
            List<String> names = new ArrayList<>();
            for (String line : lines) {
                String n = line.split(":", 2)[0].split("\\(", 2)[0].strip();
                if (!n.isEmpty()) {
                    names.add(n);
                }
            }
            return names;
        }

        String raw(String key) {
            Object v = values.get(key);
            if (v == null) {
                return "";
            }
            return v instanceof List<?> l ? String.join(" ", l.stream().map(String::valueOf).toList()) : v.toString();
        }
    }
}

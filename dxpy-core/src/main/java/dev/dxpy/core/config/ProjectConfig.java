package dev.dxpy.core.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A project's pytest configuration: the rootdir, the config file found (null if none) and the
 * options discovery needs, with pytest's defaults when unset. Name matching follows pytest:
 * {@code python_files} are globs on the basename; {@code python_classes} and
 * {@code python_functions} entries are prefixes unless they contain glob characters.
 */
public record ProjectConfig(Path rootdir, Path inifile, List<String> testpaths, List<String> pythonFiles,
        List<String> pythonClasses, List<String> pythonFunctions, List<String> norecursedirs,
        List<String> markers, String addopts, List<String> pythonpath) {

    public static final List<String> DEFAULT_PYTHON_FILES = List.of("test_*.py", "*_test.py");
    public static final List<String> DEFAULT_NORECURSEDIRS =
            List.of("*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}");

    public ProjectConfig {
        rootdir = rootdir.toAbsolutePath().normalize();
        testpaths = List.copyOf(testpaths);
        pythonFiles = List.copyOf(pythonFiles);
        pythonClasses = List.copyOf(pythonClasses);
        pythonFunctions = List.copyOf(pythonFunctions);
        norecursedirs = List.copyOf(norecursedirs);
        markers = List.copyOf(markers);
        addopts = addopts == null ? "" : addopts;
        pythonpath = pythonpath == null ? List.of() : List.copyOf(pythonpath);
    }

    /** The configuration pytest would use when started in {@code invocationDir} with {@code args}. */
    public static ProjectConfig load(Path invocationDir, List<String> args) {
        return ConfigLoader.load(invocationDir, args, null);
    }

    /** As {@link #load(Path, List)} but with the rootdir forced, as pytest's {@code --rootdir}. */
    public static ProjectConfig load(Path invocationDir, List<String> args, Path forcedRootdir) {
        return ConfigLoader.load(invocationDir, args, forcedRootdir);
    }

    /** pytest's defaults rooted at {@code rootdir}, as when no config file exists. */
    public static ProjectConfig defaults(Path rootdir) {
        return new ProjectConfig(rootdir, null, List.of(), DEFAULT_PYTHON_FILES, List.of("Test"), List.of("test"),
                DEFAULT_NORECURSEDIRS, List.of(), "", List.of());
    }

    /** {@code addopts} split as a shell would (pytest uses shlex). */
    public List<String> addoptsArgs() {
        return Shlex.split(addopts);
    }

    /** pytest's {@code --import-mode} from {@code addopts} (the last one wins), or null when not given. */
    public String importMode() {
        return addoptsValue("--import-mode");
    }

    /**
     * The value of pytest's option {@code opt} in {@code addopts}, the last one given as in pytest, or null: a long
     * option as {@code --opt value} or {@code --opt=value}, a short one ({@code "-m"}, {@code "-k"}) as
     * {@code -m expr} or {@code -mexpr}.
     */
    public String addoptsValue(String opt) {
        boolean isLong = opt.startsWith("--");
        String value = null;
        List<String> a = addoptsArgs();
        for (int i = 0; i < a.size(); i++) {
            String s = a.get(i);
            if (s.equals(opt) && i + 1 < a.size()) {
                value = a.get(++i);
            } else if (isLong ? s.startsWith(opt + "=")
                    : s.startsWith(opt) && s.length() > opt.length() && !s.startsWith("--")) {
                value = s.substring(opt.length() + (isLong ? 1 : 0));
            }
        }
        return value;
    }

    /** Whether a file's basename matches {@code python_files}. */
    public boolean isTestFile(String basename) {
        for (String p : pythonFiles) {
            if (Fnmatch.matches(basename, p)) {
                return true;
            }
        }
        return false;
    }

    public boolean isTestClassName(String name) {
        return prefixOrGlob(pythonClasses, name);
    }

    public boolean isTestFunctionName(String name) {
        return prefixOrGlob(pythonFunctions, name);
    }

    /** Whether a directory's basename matches {@code norecursedirs} (besides the dirs dxpy always skips). */
    public boolean isNorecurse(String dirName) {
        if (dirName.equals("__pycache__") || dirName.equals(".git") || dirName.equals("target")) {
            return true;
        }
        for (String p : norecursedirs) {
            if (Fnmatch.matches(dirName, p)) {
                return true;
            }
        }
        return false;
    }

    /** What makes collected tests differ between two configs: the name and directory options. */
    public String fingerprint() {
        return String.join("\u0000", rootdir.toString(), String.join(" ", pythonFiles), String.join(" ", pythonClasses),
                String.join(" ", pythonFunctions), String.join(" ", norecursedirs));
    }

    private static boolean prefixOrGlob(List<String> options, String name) {
        for (String o : options) {
            if (name.startsWith(o) || Fnmatch.isGlob(o) && Fnmatch.matches(name, o)) {
                return true;
            }
        }
        return false;
    }
}

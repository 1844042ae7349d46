package dev.dxpy.core.discovery;

import dev.dxpy.core.api.UsageException;
import dev.dxpy.core.config.ProjectConfig;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files a run collects, in pytest's order, each with the node-id selectors that narrow it (none: all tests). */
final class Targets {
    /** Node-id parts after the file ({@code Class}, {@code test[1]}) and the argument they came from. */
    record Selector(List<String> parts, String arg) {
    }

    /** A file to collect; {@code selectors} empty means every test in it. */
    record Target(Path file, List<Selector> selectors) {
    }

    private Targets() {
    }

    static List<Target> resolve(ProjectConfig cfg, List<String> args, Path invocationDir) {
        Path inv = invocationDir.toAbsolutePath().normalize();
        List<String> paths = new ArrayList<>();
        for (String a : args) {
            if (!a.startsWith("-")) {
                paths.add(a);
            }
        }
        if (paths.isEmpty()) {
            if (inv.equals(cfg.rootdir())) {
                for (String tp : cfg.testpaths()) {
                    paths.addAll(glob(cfg.rootdir(), tp));
                }
            }
            if (paths.isEmpty()) {
                paths.add(inv.toString());
            }
        }
        FileWalker walker = new FileWalker(cfg, CollectOptions.of(cfg, inv));
        Map<Path, List<Selector>> targets = new LinkedHashMap<>();
        for (String arg : paths) {
            String[] parts = arg.split("::");
            Path p = inv.resolve(parts[0]).normalize();
            if (!Files.exists(p) || parts.length > 1 && !Files.isRegularFile(p)) {
                throw new UsageException("file or directory not found: " + arg);
            }
            if (Files.isDirectory(p)) {
                for (Path f : walker.walk(p)) {
                    add(targets, f, null);
                }
            } else {
                add(targets, p, parts.length > 1 ? new Selector(Arrays.asList(parts).subList(1, parts.length), arg) : null);
            }
        }
        List<Target> out = new ArrayList<>();
        targets.forEach((f, s) -> out.add(new Target(f, s == null ? List.of() : s)));
        return out;
    }

    private static void add(Map<Path, List<Selector>> targets, Path file, Selector sel) {
        if (!targets.containsKey(file)) {
            targets.put(file, sel == null ? null : new ArrayList<>(List.of(sel)));
        } else if (targets.get(file) != null) {
            if (sel == null) {
                targets.put(file, null);
            } else {
                targets.get(file).add(sel);
            }
        }
    }

    /** Python's {@code sorted(glob.iglob(pattern, recursive=True))} relative to {@code root}. */
    private static List<String> glob(Path root, String pattern) {
        if (!isGlob(pattern)) {
            return Files.exists(root.resolve(pattern)) ? List.of(root.resolve(pattern).toString()) : List.of();
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + root.toString() + "/" + pattern);
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(m::matches).map(Path::toString).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isGlob(String pattern) {
        return dev.dxpy.core.config.Fnmatch.isGlob(pattern);
    }
}

package dev.dxpy.core.discovery;

import dev.dxpy.core.config.ProjectConfig;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists test files under a directory in pytest's order: entries sorted by name, {@code __init__.py} first in
 * packages; {@code --ignore}/{@code --ignore-glob} and conftests' literal {@code collect_ignore} lists apply.
 */
final class FileWalker {
    private final ProjectConfig cfg;
    private final CollectOptions opts;
    private final ConftestIgnores conftestIgnores;

    FileWalker(ProjectConfig cfg, CollectOptions opts) {
        this.cfg = cfg;
        this.opts = opts;
        this.conftestIgnores = new ConftestIgnores(cfg.rootdir());
    }

    List<Path> walk(Path dir) {
        List<Path> out = new ArrayList<>();
        walk(dir, out);
        return out;
    }

    /** A directory entry with its name, taken once (the sort compared names taken from the paths again each time). */
    private record Entry(Path path, String name) {
    }

    private void walk(Path dir, List<Path> out) {
        List<Entry> entries = new ArrayList<>();
        boolean pkg = false;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                pkg |= name.equals("__init__.py");
                entries.add(new Entry(p, name));
            }
        } catch (IOException | DirectoryIteratorException e) {
            return;
        }
        boolean initFirst = pkg;
        entries.sort((a, b) -> {
            String x = a.name();
            String y = b.name();
            if (initFirst && (x.equals("__init__.py") || y.equals("__init__.py"))) {
                return x.equals(y) ? 0 : x.equals("__init__.py") ? -1 : 1;
            }
            return x.compareTo(y);
        });
        // decided once per directory: the per-entry checks normalize every path (most projects ignore nothing)
        boolean checkOptions = opts.ignoresAny();
        boolean checkConftests = !conftestIgnores.ignoresNothingIn(dir);
        for (Entry entry : entries) {
            Path p = entry.path();
            String name = entry.name();
            if (checkOptions && opts.ignored(p) || checkConftests && conftestIgnores.ignored(p)) {
                continue;
            }
            BasicFileAttributes attrs;
            try { // one stat per entry (it was two for every file: isDirectory, then isRegularFile)
                attrs = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (IOException e) {
                continue; // gone, or a broken link: neither a directory nor a file
            }
            if (attrs.isDirectory()) {
                if (!cfg.isNorecurse(name) && !Files.exists(p.resolve("pyvenv.cfg"))) {
                    walk(p, out);
                }
            } else if (attrs.isRegularFile() && (name.endsWith(".py") && cfg.isTestFile(name) || opts.doctestFile(name))) {
                out.add(p);
            }
        }
    }
}

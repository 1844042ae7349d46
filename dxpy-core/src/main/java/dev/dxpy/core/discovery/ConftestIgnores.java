package dev.dxpy.core.discovery;

import dev.dxpy.core.config.Fnmatch;
import dev.dxpy.core.treesitter.SyntaxNode;
import dev.dxpy.core.treesitter.SyntaxTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * pytest's {@code collect_ignore} and {@code collect_ignore_glob} conftest variables, read without running
 * Python. A variable bound once at module level to a list or tuple of string literals is known; any other
 * use (an {@code if}, {@code +=}, {@code append}, a computed value) is <em>computed</em>: discovery keeps the
 * paths it might ignore and the worker, which imports the conftest, decides (it reports such a file as
 * ignored). As in pytest, for a path the nearest conftest (from the path's parent directory upwards) that
 * defines the variable decides; its entries are relative to that conftest's directory.
 */
final class ConftestIgnores {
    static final String PATHS = "collect_ignore";
    static final String GLOBS = "collect_ignore_glob";

    /** One variable of one conftest: not defined, computed, or a known list of entries. */
    record Value(boolean defined, boolean computed, List<String> entries) {
        static final Value ABSENT = new Value(false, false, List.of());
        static final Value COMPUTED = new Value(true, true, List.of());
    }

    /** What a conftest says about both variables. */
    record Lists(Value paths, Value globs) {
        boolean computed() {
            return paths.computed() || globs.computed();
        }
    }

    private static final Lists NONE = new Lists(Value.ABSENT, Value.ABSENT);

    private final Path rootdir;
    private final Map<Path, Lists> byDir = new HashMap<>();

    ConftestIgnores(Path rootdir) {
        this.rootdir = rootdir;
    }

    /** Whether pytest ignores {@code path} (a file or directory) by the conftests above it. */
    boolean ignored(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Value paths = nearest(abs.getParent(), true);
        if (!paths.computed()) {
            Path dir = definingDir(abs.getParent(), true);
            for (String e : paths.entries()) {
                if (dir != null && dir.resolve(e).normalize().equals(abs)) {
                    return true;
                }
            }
        }
        Value globs = nearest(abs.getParent(), false);
        if (!globs.computed()) {
            Path dir = definingDir(abs.getParent(), false);
            for (String g : globs.entries()) {
                if (dir != null && Fnmatch.matches(abs.toString(), dir.resolve(g).normalize().toString())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@link #ignored} is false for every entry of {@code dir}: no conftest at or above it lists
     * {@code collect_ignore} or {@code collect_ignore_glob} entries (a computed list is the worker's to decide).
     */
    boolean ignoresNothingIn(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Value paths = nearest(abs, true);
        Value globs = nearest(abs, false);
        return (paths.computed() || paths.entries().isEmpty()) && (globs.computed() || globs.entries().isEmpty());
    }

    /** Whether a conftest above {@code path} computes a variable that decides for it (the worker then decides). */
    boolean undecided(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        for (Path p = abs; p != null && p.startsWith(rootdir) && !p.equals(rootdir); p = p.getParent()) {
            if (nearest(p.getParent(), true).computed() || nearest(p.getParent(), false).computed()) {
                return true;
            }
        }
        return false;
    }

    private Value nearest(Path dir, boolean paths) {
        for (Path d = dir; d != null && d.startsWith(rootdir); d = d.getParent()) {
            Lists l = lists(d);
            Value v = paths ? l.paths() : l.globs();
            if (v.defined()) {
                return v;
            }
        }
        return Value.ABSENT;
    }

    private Path definingDir(Path dir, boolean paths) {
        for (Path d = dir; d != null && d.startsWith(rootdir); d = d.getParent()) {
            Lists l = lists(d);
            if ((paths ? l.paths() : l.globs()).defined()) {
                return d;
            }
        }
        return null;
    }

    private Lists lists(Path dir) {
        return byDir.computeIfAbsent(dir, d -> {
            Path c = d.resolve("conftest.py");
            if (!Files.isRegularFile(c)) {
                return NONE;
            }
            try {
                return read(SourceText.source(Files.readAllBytes(c)));
            } catch (IOException e) {
                return NONE; // the worker reports a conftest it cannot read
            }
        });
    }

    /** Reads both variables from a conftest's source. */
    static Lists read(String text) {
        return read(new Source(text));
    }

    private static Lists read(Source src) {
        if (!src.whole().contains(PATHS)) {
            return NONE;
        }
        SyntaxNode root = SyntaxTree.parse(src.bytes()).root();
        return new Lists(value(root, src, PATHS), value(root, src, GLOBS));
    }

    private static Value value(SyntaxNode root, Source src, String name) {
        List<SyntaxNode> uses = new ArrayList<>();
        identifiers(root, src, name, uses);
        if (uses.isEmpty()) {
            return Value.ABSENT;
        }
        if (uses.size() > 1 || root.hasError()) {
            return Value.COMPUTED;
        }
        SyntaxNode assignment = uses.get(0).getParent();
        if (assignment == null || assignment.isNull() || !assignment.getType().equals("assignment")
                || assignment.getChildByFieldName("left").getStartByte() != uses.get(0).getStartByte()
                || !assignment.getChildByFieldName("left").getType().equals("identifier")) {
            return Value.COMPUTED;
        }
        SyntaxNode statement = assignment.getParent();
        if (statement == null || statement.isNull() || !statement.getType().equals("expression_statement")
                || statement.getNamedChildCount() != 1 || !statement.getParent().getType().equals("module")) {
            return Value.COMPUTED;
        }
        SyntaxNode right = assignment.getChildByFieldName("right");
        if (right == null || right.isNull() || !(right.getType().equals("list") || right.getType().equals("tuple"))) {
            return Value.COMPUTED;
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < right.getNamedChildCount(); i++) {
            SyntaxNode item = right.getNamedChild(i);
            if (item.getType().equals("comment")) {
                continue;
            }
            if (!item.getType().equals("string")) {
                return Value.COMPUTED;
            }
            PyValue v = PyLiterals.string(src.text(item));
            if (!(v instanceof PyValue.Str s)) {
                return Value.COMPUTED;
            }
            entries.add(s.value());
        }
        return new Value(true, false, List.copyOf(entries));
    }

    private static void identifiers(SyntaxNode n, Source src, String name, List<SyntaxNode> out) {
        if (n.getType().equals("identifier")) {
            if (src.text(n).equals(name)) {
                out.add(n);
            }
            return;
        }
        for (int i = 0; i < n.getChildCount(); i++) {
            identifiers(n.getChild(i), src, name, out);
        }
    }
}

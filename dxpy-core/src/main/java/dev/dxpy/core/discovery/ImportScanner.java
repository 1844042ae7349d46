package dev.dxpy.core.discovery;

import dev.dxpy.core.treesitter.SyntaxNode;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Finds the imports that {@link ModuleReader}'s statement walk does not see: {@code import} statements
 * inside function bodies, {@code importlib.import_module("literal")}, {@code __import__("literal")} and
 * {@code pytest_plugins = [...]} anywhere in the file. Computed names are not followed (see
 * {@code site/import-graph.md}: the graph is conservative about them elsewhere).
 */
final class ImportScanner {
    private static final List<String> IMPORT_CALLS = List.of("importlib.import_module", "import_module", "__import__");

    private final Source src;
    private final UnaryOperator<String> absolute;
    private final List<String> out;

    /** @param absolute turns a relative module name ({@code ..a}) into an absolute one */
    ImportScanner(Source src, UnaryOperator<String> absolute, List<String> out) {
        this.src = src;
        this.absolute = absolute;
        this.out = out;
    }

    /**
     * Visits only the places whose text mentions an import: each occurrence of the word in the file's
     * bytes is looked up in the tree (a handful of JNI calls) instead of walking every node of the file,
     * which cost more than parsing it.
     */
    void scan(SyntaxNode root) {
        // statements found by byte offset, handled in document order
        java.util.TreeMap<Integer, Runnable> found = new java.util.TreeMap<>();
        for (int at : src.occurrences("import")) {
            SyntaxNode n = root.getDescendantForByteRange(at, at + 6);
            if (n == null || n.isNull() || !n.getType().equals("import")) {
                continue; // part of a name, a string or a comment
            }
            SyntaxNode stmt = n.getParent();
            if (stmt == null || stmt.isNull()) {
                continue;
            }
            if (stmt.getType().equals("import_statement")) {
                found.putIfAbsent(stmt.getStartByte(), () -> importStatement(stmt));
            } else if (stmt.getType().equals("import_from_statement")) {
                found.putIfAbsent(stmt.getStartByte(), () -> fromStatement(stmt));
            }
        }
        for (String word : List.of("import_module", "__import__")) {
            for (int at : src.occurrences(word)) {
                SyntaxNode call = ancestor(root.getDescendantForByteRange(at, at + word.length()), "call", 3);
                if (call != null) {
                    found.putIfAbsent(call.getStartByte(), () -> call(call));
                }
            }
        }
        for (int at : src.occurrences("pytest_plugins")) {
            SyntaxNode assignment = ancestor(root.getDescendantForByteRange(at, at + 14), "assignment", 2);
            if (assignment != null) {
                found.putIfAbsent(assignment.getStartByte(), () -> assignment(assignment));
            }
        }
        found.values().forEach(Runnable::run);
    }

    private static SyntaxNode ancestor(SyntaxNode n, String type, int maxUp) {
        for (int i = 0; i <= maxUp && n != null && !n.isNull(); i++) {
            if (n.getType().equals(type)) {
                return n;
            }
            n = n.getParent();
        }
        return null;
    }

    private void importStatement(SyntaxNode c) {
        for (int i = 0; i < c.getNamedChildCount(); i++) {
            SyntaxNode n = c.getNamedChild(i);
            boolean aliased = n.getType().equals("aliased_import");
            out.add(src.compact(aliased ? n.getChildByFieldName("name") : n));
        }
    }

    private void fromStatement(SyntaxNode c) {
        SyntaxNode mod = c.getChildByFieldName("module_name");
        String module = absolute.apply(src.compact(mod));
        if (!module.isEmpty()) {
            out.add(module);
        }
        for (int i = 0; i < c.getNamedChildCount(); i++) {
            SyntaxNode n = c.getNamedChild(i);
            if (n.equals(mod) || !(n.getType().equals("dotted_name") || n.getType().equals("aliased_import"))) {
                continue;
            }
            boolean aliased = n.getType().equals("aliased_import");
            String name = src.compact(aliased ? n.getChildByFieldName("name") : n);
            out.add(module.isEmpty() ? name : module + "." + name);
        }
    }

    private void call(SyntaxNode c) {
        SyntaxNode fn = c.getChildByFieldName("function");
        SyntaxNode args = c.getChildByFieldName("arguments");
        if (fn == null || fn.isNull() || args == null || args.isNull() || args.getNamedChildCount() == 0
                || !IMPORT_CALLS.contains(src.compact(fn))) {
            return;
        }
        String name = literal(args.getNamedChild(0));
        if (name != null && !name.isEmpty() && !name.startsWith(".")) {
            out.add(name);
        }
    }

    private void assignment(SyntaxNode a) {
        SyntaxNode left = a.getChildByFieldName("left");
        SyntaxNode right = a.getChildByFieldName("right");
        if (left == null || left.isNull() || right == null || right.isNull()
                || !src.text(left).equals("pytest_plugins")) {
            return;
        }
        String one = literal(right);
        if (one != null) {
            out.add(one);
            return;
        }
        if (right.getType().equals("list") || right.getType().equals("tuple")) {
            for (int i = 0; i < right.getNamedChildCount(); i++) {
                String s = literal(right.getNamedChild(i));
                if (s != null) {
                    out.add(s);
                }
            }
        }
    }

    /** The value of a plain string literal, or null for anything else (f-strings with fields, names, calls). */
    private String literal(SyntaxNode n) {
        if (!n.getType().equals("string")) {
            return null;
        }
        return PyLiterals.string(src.text(n)) instanceof PyValue.Str s ? s.value() : null;
    }
}

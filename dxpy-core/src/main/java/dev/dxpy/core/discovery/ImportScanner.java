package dev.dxpy.core.discovery;

import java.util.List;
import java.util.function.UnaryOperator;
import org.treesitter.TSNode;

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

    void scan(TSNode n) {
        switch (n.getType()) {
            case "import_statement" -> importStatement(n);
            case "import_from_statement" -> fromStatement(n);
            case "call" -> call(n);
            case "assignment" -> assignment(n);
            default -> { }
        }
        for (int i = 0; i < n.getNamedChildCount(); i++) {
            scan(n.getNamedChild(i));
        }
    }

    private void importStatement(TSNode c) {
        for (int i = 0; i < c.getNamedChildCount(); i++) {
            TSNode n = c.getNamedChild(i);
            boolean aliased = n.getType().equals("aliased_import");
            out.add(src.text(aliased ? n.getChildByFieldName("name") : n).replaceAll("\\s", ""));
        }
    }

    private void fromStatement(TSNode c) {
        TSNode mod = c.getChildByFieldName("module_name");
        String module = absolute.apply(src.text(mod).replaceAll("\\s", ""));
        if (!module.isEmpty()) {
            out.add(module);
        }
        for (int i = 0; i < c.getNamedChildCount(); i++) {
            TSNode n = c.getNamedChild(i);
            if (TSNode.eq(n, mod) || !(n.getType().equals("dotted_name") || n.getType().equals("aliased_import"))) {
                continue;
            }
            boolean aliased = n.getType().equals("aliased_import");
            String name = src.text(aliased ? n.getChildByFieldName("name") : n).replaceAll("\\s", "");
            out.add(module.isEmpty() ? name : module + "." + name);
        }
    }

    private void call(TSNode c) {
        TSNode fn = c.getChildByFieldName("function");
        TSNode args = c.getChildByFieldName("arguments");
        if (fn == null || fn.isNull() || args == null || args.isNull() || args.getNamedChildCount() == 0
                || !IMPORT_CALLS.contains(src.text(fn).replaceAll("\\s", ""))) {
            return;
        }
        String name = literal(args.getNamedChild(0));
        if (name != null && !name.isEmpty() && !name.startsWith(".")) {
            out.add(name);
        }
    }

    private void assignment(TSNode a) {
        TSNode left = a.getChildByFieldName("left");
        TSNode right = a.getChildByFieldName("right");
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
    private String literal(TSNode n) {
        if (!n.getType().equals("string")) {
            return null;
        }
        return PyLiterals.string(src.text(n)) instanceof PyValue.Str s ? s.value() : null;
    }
}

package dev.dxpy.core.discovery;

import dev.dxpy.core.treesitter.SyntaxNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a tree-sitter expression into a {@link PyValue}, resolving module-level constants and def/class names. */
final class ExprReader {
    private static final Set<String> BUILTIN_NAMES = Set.of("int", "float", "str", "bytes", "bool", "list", "dict",
            "set", "tuple", "frozenset", "object", "type", "complex", "bytearray", "len", "repr", "print", "sorted",
            "min", "max", "sum", "abs", "Exception", "ValueError", "TypeError", "KeyError", "IndexError",
            "RuntimeError", "AttributeError", "ZeroDivisionError", "OSError", "IOError", "NotImplementedError",
            "StopIteration", "AssertionError", "ArithmeticError", "LookupError", "OverflowError", "ImportError");

    private final Source src;
    private final Map<String, SyntaxNode> constants;
    private final Set<String> definedNames;
    private final Set<String> paramNames;
    private final Set<String> resolving = new HashSet<>();

    /**
     * @param constants   module-level {@code NAME = expr} bindings
     * @param definedNames names of module-level defs and classes (their id is the name)
     * @param paramNames  names that mean {@code pytest.param} ({@code pytest.param}, or {@code param} if imported)
     */
    ExprReader(Source src, Map<String, SyntaxNode> constants, Set<String> definedNames, Set<String> paramNames) {
        this.src = src;
        this.constants = constants;
        this.definedNames = definedNames;
        this.paramNames = paramNames;
    }

    PyValue read(SyntaxNode n) {
        switch (n.getType()) {
            case "string":
                return PyLiterals.string(src.text(n));
            case "concatenated_string":
                return concatenated(n);
            case "integer":
            case "float":
                return known(PyLiterals.number(src.text(n), false));
            case "true":
                return new PyValue.Known("True");
            case "false":
                return new PyValue.Known("False");
            case "none":
                return PyValue.NONE;
            case "unary_operator": {
                SyntaxNode arg = n.getChildByFieldName("argument");
                String op = src.text(n).substring(0, 1);
                if (!(arg.getType().equals("integer") || arg.getType().equals("float")) || op.equals("~")) {
                    return PyValue.DYNAMIC;
                }
                return known(PyLiterals.number(src.text(arg), op.equals("-")));
            }
            case "parenthesized_expression":
                return n.getNamedChildCount() == 1 ? read(n.getNamedChild(0)) : PyValue.DYNAMIC;
            case "tuple":
            case "list":
                return sequence(n);
            case "dictionary":
            case "set":
                return PyValue.OPAQUE;
            case "lambda":
                return new PyValue.Known("<lambda>");
            case "identifier":
                return name(src.text(n));
            case "call":
                return call(n);
            default:
                return PyValue.DYNAMIC;
        }
    }

    private static PyValue known(String id) {
        return id == null ? PyValue.DYNAMIC : new PyValue.Known(id);
    }

    private PyValue concatenated(SyntaxNode n) {
        StringBuilder sb = new StringBuilder();
        boolean str = false;
        boolean bytes = false;
        for (int i = 0; i < n.getNamedChildCount(); i++) {
            PyValue part = read(n.getNamedChild(i));
            if (part instanceof PyValue.Str s) {
                str = true;
                sb.append(s.value());
            } else if (part instanceof PyValue.Known k) {
                bytes = true;
                sb.append(k.id());
            } else {
                return PyValue.DYNAMIC;
            }
        }
        if (str && bytes) {
            return PyValue.DYNAMIC;
        }
        return bytes ? new PyValue.Known(sb.toString()) : new PyValue.Str(sb.toString());
    }

    private PyValue sequence(SyntaxNode n) {
        List<PyValue> items = new ArrayList<>();
        for (int i = 0; i < n.getNamedChildCount(); i++) {
            SyntaxNode c = n.getNamedChild(i);
            if (c.getType().equals("comment")) {
                continue;
            }
            if (c.getType().equals("list_splat")) {
                return PyValue.DYNAMIC;
            }
            items.add(read(c));
        }
        return new PyValue.Seq(items);
    }

    private PyValue name(String name) {
        SyntaxNode bound = constants.get(name);
        if (bound != null && resolving.add(name)) {
            try {
                return read(bound);
            } finally {
                resolving.remove(name);
            }
        }
        if (definedNames.contains(name) || BUILTIN_NAMES.contains(name)) {
            return new PyValue.Known(name);
        }
        return PyValue.DYNAMIC;
    }

    private static final java.util.regex.Pattern MARK_NAME = java.util.regex.Pattern.compile("\\bmark\\.(\\w+)");

    private PyValue call(SyntaxNode n) {
        String fn = src.text(n.getChildByFieldName("function")).replace(" ", "");
        if (!paramNames.contains(fn)) {
            return PyValue.DYNAMIC;
        }
        Args a = args(n);
        PyValue id = a.keyword("id");
        List<String> marks = new ArrayList<>();
        SyntaxNode m = a.keywords.get("marks");
        if (m != null) {
            java.util.regex.Matcher x = MARK_NAME.matcher(src.text(m));
            while (x.find()) {
                marks.add(x.group(1));
            }
        }
        return new PyValue.Param(a.positional(), id, marks);
    }

    /** The arguments of a call, read as values; keyword values kept as nodes too. */
    Args args(SyntaxNode call) {
        SyntaxNode list = call.getChildByFieldName("arguments");
        Args a = new Args();
        if (list == null || list.isNull()) {
            return a;
        }
        for (int i = 0; i < list.getNamedChildCount(); i++) {
            SyntaxNode c = list.getNamedChild(i);
            switch (c.getType()) {
                case "keyword_argument" -> a.keywords.put(src.text(c.getChildByFieldName("name")),
                        c.getChildByFieldName("value"));
                case "comment" -> { }
                case "list_splat", "dictionary_splat" -> a.splat = true;
                default -> a.positionalNodes.add(c);
            }
        }
        return a;
    }

    /** A call's arguments. */
    final class Args {
        final List<SyntaxNode> positionalNodes = new ArrayList<>();
        final Map<String, SyntaxNode> keywords = new java.util.LinkedHashMap<>();
        boolean splat;

        List<PyValue> positional() {
            List<PyValue> out = new ArrayList<>();
            for (SyntaxNode p : positionalNodes) {
                out.add(splat ? PyValue.DYNAMIC : read(p));
            }
            return out;
        }

        /** The value of a keyword argument, null when absent. */
        PyValue keyword(String name) {
            SyntaxNode v = keywords.get(name);
            return v == null ? null : read(v);
        }

        /** Positional argument {@code index} or else keyword {@code name}, null when neither is given. */
        SyntaxNode node(int index, String name) {
            return index < positionalNodes.size() ? positionalNodes.get(index) : keywords.get(name);
        }
    }
}

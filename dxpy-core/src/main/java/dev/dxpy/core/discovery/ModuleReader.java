package dev.dxpy.core.discovery;

import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.discovery.ModuleModel.ClassDef;
import dev.dxpy.core.discovery.ModuleModel.FunctionDef;
import dev.dxpy.core.discovery.ModuleModel.ImportedName;
import dev.dxpy.core.discovery.ModuleModel.Mark;
import dev.dxpy.core.discovery.ModuleModel.Member;
import dev.dxpy.core.discovery.ModuleModel.Other;
import dev.dxpy.core.treesitter.SyntaxNode;
import dev.dxpy.core.treesitter.SyntaxTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one Python file into a {@link ModuleModel} with tree-sitter. */
final class ModuleReader {
    private static final Pattern IMPORTS_PARAM = Pattern.compile("(?s)from\\s+pytest\\s+import.*\\bparam\\b.*");
    private final String path;
    private final String dotted;
    private final boolean isPackage;
    private final String text;
    private final Source src;
    private final Map<String, SyntaxNode> constants = new HashMap<>();
    private final Set<String> definedNames = new HashSet<>();
    private final Set<String> paramNames = new HashSet<>(Set.of("pytest.param"));
    private ExprReader expr;
    private DecoratorReader decorators;

    /**
     * @param path   rootdir-relative posix path
     * @param dotted the module's dotted name relative to rootdir (for relative imports)
     */
    ModuleReader(String path, String dotted, Source src) {
        this.path = path;
        this.isPackage = path.endsWith("__init__.py");
        this.dotted = dotted;
        this.text = src.whole();
        this.src = src;
    }

    static String dottedName(String relPath) {
        String p = relPath.endsWith(".py") ? relPath.substring(0, relPath.length() - 3) : relPath;
        if (p.endsWith("/__init__")) {
            p = p.substring(0, p.length() - "/__init__".length());
        }
        return p.replace('/', '.');
    }

    ModuleModel read() {
        SyntaxNode root = SyntaxTree.parse(src.bytes()).root();
        // every import the file makes, wherever it stands (also best effort in a file with a syntax error)
        List<String> found = new ArrayList<>();
        new ImportScanner(src, this::absolute, found).scan(root);
        List<String> imports = List.copyOf(new LinkedHashSet<>(found));
        if (root.hasError()) {
            SyntaxNode bad = firstError(root);
            String msg = bad.isMissing() ? "SyntaxError: expected '" + bad.getType() + "'" : "SyntaxError: invalid syntax";
            return new ModuleModel(path, Map.of(), List.of(), false, false, imports,
                    new CollectionError(path, Source.line(bad), msg));
        }
        prescan(root);
        expr = new ExprReader(src, constants, definedNames, paramNames);
        decorators = new DecoratorReader(src, expr);
        Body module = new Body();
        statements(root, module, true);
        return new ModuleModel(path, module.members, module.marks, module.testFalse, module.generatesTests, imports,
                null);
    }

    private static SyntaxNode firstError(SyntaxNode n) {
        if (n.isError() || n.isMissing()) {
            return n;
        }
        for (int i = 0; i < n.getChildCount(); i++) {
            SyntaxNode c = n.getChild(i);
            if (c.hasError() || c.isMissing()) {
                return firstError(c);
            }
        }
        return n;
    }

    /** Module-level constants and def/class names, needed before reading decorators that refer to them. */
    private void prescan(SyntaxNode root) {
        for (int i = 0; i < root.getNamedChildCount(); i++) {
            SyntaxNode c = root.getNamedChild(i);
            String type = c.getType();
            if (type.equals("decorated_definition")) {
                c = c.getChildByFieldName("definition");
                type = c.getType();
            }
            if (type.equals("function_definition") || type.equals("class_definition")) {
                definedNames.add(src.text(c.getChildByFieldName("name")));
            } else if (type.equals("expression_statement") && c.getNamedChildCount() == 1
                    && c.getNamedChild(0).getType().equals("assignment")) {
                SyntaxNode a = c.getNamedChild(0);
                SyntaxNode left = a.getChildByFieldName("left");
                SyntaxNode right = a.getChildByFieldName("right");
                if (left.getType().equals("identifier") && right != null && !right.isNull()) {
                    constants.put(src.text(left), right);
                }
            } else if (type.equals("import_from_statement") && IMPORTS_PARAM.matcher(src.text(c)).matches()) {
                paramNames.add("param");
            }
        }
    }

    /** The names a module or class body binds, in binding order. */
    private static final class Body {
        final Map<String, Member> members = new LinkedHashMap<>();
        final List<Mark> marks = new ArrayList<>();
        boolean testFalse;
        boolean generatesTests;
        boolean hasInit;
    }

    private void statements(SyntaxNode block, Body body, boolean module) {
        for (int i = 0; i < block.getNamedChildCount(); i++) {
            SyntaxNode c = block.getNamedChild(i);
            switch (c.getType()) {
                case "function_definition" -> function(c, List.of(), body);
                case "class_definition" -> klass(c, List.of(), body);
                case "decorated_definition" -> {
                    List<SyntaxNode> decs = new ArrayList<>();
                    for (int k = 0; k < c.getNamedChildCount(); k++) {
                        if (c.getNamedChild(k).getType().equals("decorator")) {
                            decs.add(c.getNamedChild(k));
                        }
                    }
                    SyntaxNode def = c.getChildByFieldName("definition");
                    if (def.getType().equals("class_definition")) {
                        klass(def, decs, body);
                    } else {
                        function(def, decs, body);
                    }
                }
                case "expression_statement" -> assignment(c, body);
                case "import_statement", "import_from_statement" -> importedNames(c, body);
                case "block" -> statements(c, body, module);
                case "if_statement", "try_statement", "with_statement", "elif_clause", "else_clause",
                        "except_clause", "finally_clause" -> nested(c, body, module);
                default -> { }
            }
        }
    }

    private void nested(SyntaxNode c, Body body, boolean module) {
        for (int k = 0; k < c.getNamedChildCount(); k++) {
            SyntaxNode part = c.getNamedChild(k);
            String t = part.getType();
            if (t.equals("block")) {
                statements(part, body, module);
            } else if (t.endsWith("_clause")) {
                nested(part, body, module);
            }
        }
    }

    private void function(SyntaxNode def, List<SyntaxNode> decs, Body body) {
        String name = src.text(def.getChildByFieldName("name"));
        if (name.equals("__init__") || name.equals("__new__")) {
            body.hasInit = true;
        }
        if (name.equals("pytest_generate_tests")) {
            body.generatesTests = true;
        }
        DecoratorReader.Decorations d = decorators.read(decs);
        body.members.put(name, new FunctionDef(name, Source.line(def), params(def.getChildByFieldName("parameters")),
                d.isStatic(), d.marks(), d.fixture(), List.copyOf(d.opaque()), mentionsParametrize(def)));
    }

    /** Where the file's text has {@code parametrize}: found once, looked up per function (null until then). */
    private List<Integer> parametrizeAt;

    /** Whether the function's text has {@code parametrize}. */
    private boolean mentionsParametrize(SyntaxNode def) {
        if (parametrizeAt == null) {
            parametrizeAt = src.occurrences("parametrize");
        }
        for (int at : parametrizeAt) {
            if (at >= def.getStartByte() && at + "parametrize".length() <= def.getEndByte()) {
                return true;
            }
        }
        return false;
    }

    private List<String> params(SyntaxNode params) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < params.getNamedChildCount(); i++) {
            SyntaxNode p = params.getNamedChild(i);
            switch (p.getType()) {
                case "identifier" -> out.add(src.text(p));
                case "typed_parameter" -> {
                    SyntaxNode first = p.getNamedChild(0);
                    if (first.getType().equals("identifier")) {
                        out.add(src.text(first));
                    }
                }
                case "positional_separator" -> out.clear();
                default -> { }
            }
        }
        return out;
    }

    private void klass(SyntaxNode def, List<SyntaxNode> decs, Body outer) {
        String name = src.text(def.getChildByFieldName("name"));
        List<String> bases = new ArrayList<>();
        SyntaxNode sup = def.getChildByFieldName("superclasses");
        if (sup != null && !sup.isNull()) {
            for (int i = 0; i < sup.getNamedChildCount(); i++) {
                SyntaxNode b = sup.getNamedChild(i);
                if (b.getType().equals("identifier") || b.getType().equals("attribute")) {
                    bases.add(src.compact(b));
                }
            }
        }
        Body body = new Body();
        statements(def.getChildByFieldName("body"), body, false);
        List<Mark> marks = new ArrayList<>(body.marks);
        marks.addAll(decorators.read(decs).marks());
        outer.members.put(name, new ClassDef(name, Source.line(def), bases, body.members, marks, body.hasInit,
                body.testFalse, body.generatesTests));
    }

    private void assignment(SyntaxNode stmt, Body body) {
        if (stmt.getNamedChildCount() != 1 || !stmt.getNamedChild(0).getType().equals("assignment")) {
            return;
        }
        SyntaxNode a = stmt.getNamedChild(0);
        SyntaxNode left = a.getChildByFieldName("left");
        SyntaxNode right = a.getChildByFieldName("right");
        if (!left.getType().equals("identifier") || right == null || right.isNull()) {
            return;
        }
        String name = src.text(left);
        if (name.equals("pytestmark")) {
            body.marks.addAll(decorators.marksOf(right));
        } else if (name.equals("__test__")) {
            body.testFalse = right.getType().equals("false") || src.text(right).equals("0");
        }
        body.members.put(name, new Other());
    }

    /** The names an import statement binds in {@code body}; the module names imported are {@link ImportScanner}'s. */
    private void importedNames(SyntaxNode c, Body body) {
        if (c.getType().equals("import_statement")) {
            for (int i = 0; i < c.getNamedChildCount(); i++) {
                SyntaxNode n = c.getNamedChild(i);
                boolean aliased = n.getType().equals("aliased_import");
                String module = src.compact(aliased ? n.getChildByFieldName("name") : n);
                String local = aliased ? src.text(n.getChildByFieldName("alias")) : module.split("\\.")[0];
                body.members.put(local, new ImportedName(aliased ? module : local, null, Source.line(c)));
            }
            return;
        }
        SyntaxNode mod = c.getChildByFieldName("module_name");
        String module = absolute(src.compact(mod));
        for (int i = 0; i < c.getNamedChildCount(); i++) {
            SyntaxNode n = c.getNamedChild(i);
            if (n.equals(mod) || !(n.getType().equals("dotted_name") || n.getType().equals("aliased_import"))) {
                continue;
            }
            boolean aliased = n.getType().equals("aliased_import");
            String name = src.compact(aliased ? n.getChildByFieldName("name") : n);
            String local = aliased ? src.text(n.getChildByFieldName("alias")) : name;
            body.members.put(local, new ImportedName(module, name, Source.line(c)));
        }
    }

    /** Resolves a possibly relative module name ({@code ..a.b}) against this module's package. */
    private String absolute(String module) {
        return absolute(dotted, isPackage, module);
    }

    /** {@code module} (maybe relative) as imported from the module {@code dotted} ({@code isPackage}: an {@code __init__.py}). */
    static String absolute(String dotted, boolean isPackage, String module) {
        int level = 0;
        while (level < module.length() && module.charAt(level) == '.') {
            level++;
        }
        if (level == 0) {
            return module;
        }
        String pkg = isPackage ? dotted : dotted.contains(".") ? dotted.substring(0, dotted.lastIndexOf('.')) : "";
        for (int up = 1; up < level && !pkg.isEmpty(); up++) {
            pkg = pkg.contains(".") ? pkg.substring(0, pkg.lastIndexOf('.')) : "";
        }
        String rest = module.substring(level);
        return pkg.isEmpty() ? rest : rest.isEmpty() ? pkg : pkg + "." + rest;
    }
}

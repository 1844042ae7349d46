package dev.dxpy.core.discovery;

import dev.dxpy.core.discovery.ModuleModel.FixtureSpec;
import dev.dxpy.core.discovery.ModuleModel.Mark;
import dev.dxpy.core.discovery.ModuleModel.ParamSet;
import dev.dxpy.core.discovery.ModuleModel.Parametrize;
import dev.dxpy.core.discovery.ModuleModel.UseFixtures;
import dev.dxpy.core.treesitter.SyntaxNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads the decorators pytest cares about: parametrize, usefixtures, fixture, staticmethod. */
final class DecoratorReader {
    private final Source src;
    private final ExprReader expr;

    DecoratorReader(Source src, ExprReader expr) {
        this.src = src;
        this.expr = expr;
    }

    /**
     * What a def's decorators say; marks in pytest's order (the decorator nearest the def first).
     *
     * @param opaque the callees of decorators discovery cannot read (not pytest's marks or fixture, not staticmethod)
     */
    record Decorations(boolean isStatic, List<Mark> marks, FixtureSpec fixture, List<String> opaque) {
    }

    Decorations read(List<SyntaxNode> decorators) {
        boolean isStatic = false;
        List<Mark> marks = new ArrayList<>();
        FixtureSpec fixture = null;
        List<String> opaque = new ArrayList<>();
        for (int i = decorators.size() - 1; i >= 0; i--) {
            SyntaxNode e = decorators.get(i).getNamedChild(0);
            String callee = callee(e);
            if (callee.equals("staticmethod")) {
                isStatic = true;
            } else if (callee.equals("pytest.fixture") || callee.equals("fixture") || callee.endsWith("_asyncio.fixture")) {
                fixture = fixture(e);
            } else if (!callee.equals("classmethod") && !callee.startsWith("pytest.mark.")
                    && !callee.startsWith("mark.") && !callee.equals("parametrize")) {
                opaque.add(callee);
            } else {
                Mark m = mark(e);
                if (m != null) {
                    marks.add(m);
                }
            }
        }
        return new Decorations(isStatic, marks, fixture, opaque);
    }

    /** Marks of a {@code pytestmark = ...} value: one mark or a list of them. */
    List<Mark> marksOf(SyntaxNode value) {
        List<Mark> out = new ArrayList<>();
        if (value.getType().equals("list") || value.getType().equals("tuple")) {
            for (int i = 0; i < value.getNamedChildCount(); i++) {
                Mark m = mark(value.getNamedChild(i));
                if (m != null) {
                    out.add(m);
                }
            }
        } else {
            Mark m = mark(value);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private String callee(SyntaxNode e) {
        SyntaxNode f = e.getType().equals("call") ? e.getChildByFieldName("function") : e;
        return src.compact(f);
    }

    private Mark mark(SyntaxNode e) {
        String callee = callee(e);
        if (!e.getType().equals("call")) {
            int dot = callee.lastIndexOf('.');
            return callee.startsWith("pytest.mark.") || callee.startsWith("mark.")
                    ? new ModuleModel.Named(callee.substring(dot + 1)) : null;
        }
        if (callee.endsWith("mark.parametrize") || callee.equals("parametrize")) {
            return parametrize(expr.args(e));
        }
        if (callee.endsWith("mark.usefixtures")) {
            List<String> names = new ArrayList<>();
            for (PyValue v : expr.args(e).positional()) {
                if (v instanceof PyValue.Str s) {
                    names.add(s.value());
                }
            }
            return new UseFixtures(names);
        }
        if (callee.startsWith("pytest.mark.") || callee.startsWith("mark.")) {
            return new ModuleModel.Named(callee.substring(callee.lastIndexOf('.') + 1));
        }
        return null;
    }

    private Parametrize parametrize(ExprReader.Args a) {
        SyntaxNode namesNode = a.node(0, "argnames");
        SyntaxNode valuesNode = a.node(1, "argvalues");
        if (namesNode == null || valuesNode == null || a.splat) {
            return new Parametrize(List.of(), List.of(), null, Set.of(), true);
        }
        PyValue names = expr.read(namesNode);
        List<String> argnames = new ArrayList<>();
        boolean forceTuple = false;
        if (names instanceof PyValue.Str s) {
            Arrays.stream(s.value().split(",")).map(String::strip).filter(x -> !x.isEmpty()).forEach(argnames::add);
            forceTuple = argnames.size() == 1;
        } else if (names instanceof PyValue.Seq seq && seq.items().stream().allMatch(x -> x instanceof PyValue.Str)) {
            seq.items().forEach(x -> argnames.add(((PyValue.Str) x).value()));
        } else {
            return new Parametrize(List.of(), List.of(), null, Set.of(), true);
        }
        Set<String> indirect = indirect(a.keyword("indirect"), argnames);
        PyValue values = expr.read(valuesNode);
        PyValue ids = a.keywords.containsKey("ids") ? expr.read(a.keywords.get("ids")) : null;
        boolean dynamic = !(values instanceof PyValue.Seq)
                || ids != null && !(ids instanceof PyValue.Seq) && !(ids instanceof PyValue.NoneValue)
                || ids instanceof PyValue.Seq is && is.items().stream().anyMatch(PyValue::isDynamic)
                || a.keywords.containsKey("ids") && a.keywords.get("ids").getType().equals("lambda");
        List<ParamSet> sets = new ArrayList<>();
        if (!dynamic) {
            for (PyValue v : ((PyValue.Seq) values).items()) {
                ParamSet set = paramSet(v, argnames.size(), forceTuple);
                if (set == null) {
                    dynamic = true;
                    break;
                }
                sets.add(set);
            }
        }
        List<PyValue> idList = ids instanceof PyValue.Seq is ? is.items() : null;
        return new Parametrize(argnames, sets, idList, indirect, dynamic);
    }

    private static ParamSet paramSet(PyValue v, int n, boolean forceTuple) {
        if (v instanceof PyValue.Param p) {
            if (p.isDynamic() || p.values().size() != n) {
                return null;
            }
            return new ParamSet(p.values(), p.id(), p.marks());
        }
        if (forceTuple) {
            return v.isDynamic() ? null : new ParamSet(List.of(v), null);
        }
        if (v instanceof PyValue.Seq s && s.items().size() == n && s.items().stream().noneMatch(PyValue::isDynamic)) {
            return new ParamSet(s.items(), null);
        }
        return null;
    }

    private static Set<String> indirect(PyValue v, List<String> argnames) {
        if (v instanceof PyValue.Known k && k.id().equals("True")) {
            return new LinkedHashSet<>(argnames);
        }
        Set<String> out = new LinkedHashSet<>();
        if (v instanceof PyValue.Seq s) {
            s.items().forEach(x -> {
                if (x instanceof PyValue.Str str) {
                    out.add(str.value());
                }
            });
        }
        return out;
    }

    private FixtureSpec fixture(SyntaxNode e) {
        if (!e.getType().equals("call")) {
            return new FixtureSpec(null, null, null, false, "function", false);
        }
        ExprReader.Args a = expr.args(e);
        PyValue name = a.keyword("name");
        PyValue scope = a.keyword("scope");
        PyValue autouse = a.keyword("autouse");
        PyValue params = a.keyword("params");
        PyValue ids = a.keyword("ids");
        boolean dynamic = params != null && !(params instanceof PyValue.Seq || params instanceof PyValue.NoneValue)
                || params instanceof PyValue.Seq ps && ps.items().stream().anyMatch(PyValue::isDynamic)
                || ids != null && !(ids instanceof PyValue.Seq || ids instanceof PyValue.NoneValue)
                || ids instanceof PyValue.Seq is && is.items().stream().anyMatch(PyValue::isDynamic);
        List<PyValue> paramList = params instanceof PyValue.Seq ps ? ps.items() : dynamic && params != null ? List.of() : null;
        return new FixtureSpec(name instanceof PyValue.Str s ? s.value() : null, paramList,
                ids instanceof PyValue.Seq is ? is.items() : null, dynamic,
                scope instanceof PyValue.Str s ? s.value() : "function",
                autouse instanceof PyValue.Known k && k.id().equals("True"));
    }
}

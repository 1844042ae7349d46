package dev.dxpy.core.discovery;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.config.ProjectConfig;
import dev.dxpy.core.discovery.ModuleModel.ClassDef;
import dev.dxpy.core.discovery.ModuleModel.FunctionDef;
import dev.dxpy.core.discovery.ModuleModel.ImportedName;
import dev.dxpy.core.discovery.ModuleModel.Mark;
import dev.dxpy.core.discovery.ModuleModel.Member;
import dev.dxpy.core.discovery.ModuleModel.Parametrize;
import dev.dxpy.core.discovery.ModuleModel.UseFixtures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns a module's model into pytest's items: test functions, test classes, unittest cases, with their parameter ids. */
final class ItemBuilder {
    private static final Set<String> UNITTEST_BASES = Set.of("TestCase", "unittest.TestCase", "IsolatedAsyncioTestCase",
            "unittest.IsolatedAsyncioTestCase", "unittest.case.TestCase");

    private final ProjectConfig cfg;
    private final ModuleModel module;
    private final ModuleLookup lookup;
    private final boolean generatesTests;
    private final List<CollectedTest> out = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    /** A class and the module it is defined in. */
    private record Cls(ClassDef def, ModuleModel module) {
    }

    ItemBuilder(ProjectConfig cfg, ModuleModel module, ModuleLookup lookup, boolean conftestGeneratesTests) {
        this.cfg = cfg;
        this.module = module;
        this.lookup = lookup;
        this.generatesTests = conftestGeneratesTests || module.generatesTests();
    }

    List<CollectedTest> build(Fixtures conftestFixtures) {
        if (module.testFalse()) {
            return out;
        }
        Fixtures fixtures = conftestFixtures.with(fixtureLayer(module.members(), false));
        for (Map.Entry<String, Member> e : module.members().entrySet()) {
            String name = e.getKey();
            if (e.getValue() instanceof ImportedName && !cfg.isTestFunctionName(name) && !cfg.isTestClassName(name)) {
                continue;
            }
            Member m = resolve(e.getValue(), module, 0);
            if (m instanceof FunctionDef f && f.fixture() == null && cfg.isTestFunctionName(name)) {
                function(name, f, List.of(), List.of(), fixtures, false);
            } else if (m instanceof ClassDef c) {
                ModuleModel home = e.getValue() instanceof ImportedName i ? owner(i, module) : module;
                klass(name, new Cls(c, home == null ? module : home), List.of(), List.of(), fixtures);
            }
        }
        return out;
    }

    /**
     * Whether one of the function's unread decorators is a project function (defined in the module or imported from
     * a project module) whose text mentions {@code parametrize}: it may parametrize the test, which pytest then
     * collects under ids only the module's import shows.
     */
    private boolean parametrizedByADecorator(FunctionDef f) {
        for (String callee : f.decoratedBy()) {
            if (callee.indexOf('.') < 0
                    && resolve(module.members().get(callee), module, 0) instanceof FunctionDef d && d.mentionsParametrize()) {
                return true;
            }
        }
        return false;
    }

    private Member resolve(Member m, ModuleModel from, int depth) {
        if (m instanceof ImportedName i && i.name() != null && depth < 4) {
            ModuleModel target = lookup.find(i.module(), from);
            if (target != null) {
                Member inner = target.members().get(i.name());
                return inner == null ? null : resolve(inner, target, depth + 1);
            }
            return null;
        }
        return m instanceof ImportedName ? null : m;
    }

    private ModuleModel owner(ImportedName i, ModuleModel from) {
        ModuleModel target = lookup.find(i.module(), from);
        for (int depth = 0; target != null && depth < 4; depth++) {
            Member inner = target.members().get(i.name());
            if (!(inner instanceof ImportedName next) || next.name() == null) {
                return target;
            }
            ModuleModel t2 = lookup.find(next.module(), target);
            i = next;
            target = t2;
        }
        return target;
    }

    private void klass(String name, Cls c, List<String> path, List<Cls> outer, Fixtures fixtures) {
        List<Cls> mro = mro(c, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (isUnittest(c, 0)) {
            unittest(name, mro, path);
            return;
        }
        if (!cfg.isTestClassName(name) || mro.stream().anyMatch(x -> x.def().testFalse())) {
            return;
        }
        for (Cls x : mro) {
            if (x.def().hasInit()) {
                warnings.add(module.path() + ":" + c.def().line() + ": PytestCollectionWarning: cannot collect test class '"
                        + name + "' because it has a __init__ constructor (from: " + module.path() + ")");
                return;
            }
        }
        List<String> classPath = new ArrayList<>(path);
        classPath.add(name);
        List<Cls> chain = new ArrayList<>(outer);
        chain.add(c);
        Fixtures inner = fixtures;
        for (int i = mro.size() - 1; i >= 0; i--) {
            inner = inner.with(fixtureLayer(mro.get(i).def().members(), true));
        }
        Set<String> seen = new HashSet<>();
        List<List<Runnable>> perClass = new ArrayList<>();
        final Fixtures classFixtures = inner;
        for (Cls x : mro) {
            List<Runnable> items = new ArrayList<>();
            for (Map.Entry<String, Member> e : x.def().members().entrySet()) {
                String n = e.getKey();
                if (!seen.add(n)) {
                    continue;
                }
                Member m = e.getValue();
                if (m instanceof FunctionDef f && f.fixture() == null && cfg.isTestFunctionName(n)) {
                    items.add(() -> function(n, f, classPath, chain, classFixtures, true));
                } else if (m instanceof ClassDef nested) {
                    items.add(() -> klass(n, new Cls(nested, x.module()), classPath, chain, classFixtures));
                }
            }
            perClass.add(items);
        }
        for (int i = perClass.size() - 1; i >= 0; i--) {
            perClass.get(i).forEach(Runnable::run);
        }
    }

    private void unittest(String name, List<Cls> mro, List<String> path) {
        if (mro.stream().anyMatch(x -> x.def().testFalse())) {
            return;
        }
        Map<String, FunctionDef> methods = new LinkedHashMap<>();
        for (Cls x : mro) {
            x.def().members().forEach((n, m) -> {
                if (m instanceof FunctionDef f && !methods.containsKey(n)) {
                    methods.put(n, f);
                }
            });
        }
        TreeSet<String> names = new TreeSet<>();
        methods.keySet().stream().filter(n -> n.startsWith("test")).forEach(names::add);
        if (names.isEmpty() && methods.containsKey("runTest")) {
            names.add("runTest");
        }
        List<String> classPath = new ArrayList<>(path);
        classPath.add(name);
        for (String n : names) {
            List<Mark> marks = new ArrayList<>(methods.get(n).marks());
            mro.forEach(x -> marks.addAll(x.def().marks()));
            marks.addAll(module.marks());
            out.add(new CollectedTest(TestId.of(module.path(), classPath, n), methods.get(n).line(), generatesTests,
                    markNames(marks)));
        }
    }

    private boolean isUnittest(Cls c, int depth) {
        if (depth > 10) {
            return false;
        }
        for (String b : c.def().bases()) {
            if (UNITTEST_BASES.contains(b)) {
                return true;
            }
            Cls base = base(b, c.module());
            if (base == null ? b.endsWith("TestCase") : isUnittest(base, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Approximate MRO: the class, then its bases depth-first left to right, without repeats. */
    private List<Cls> mro(Cls c, Set<ClassDef> visiting) {
        List<Cls> out = new ArrayList<>();
        out.add(c);
        if (!visiting.add(c.def())) {
            return out;
        }
        for (String b : c.def().bases()) {
            Cls base = base(b, c.module());
            if (base != null) {
                for (Cls x : mro(base, visiting)) {
                    if (out.stream().noneMatch(y -> y.def() == x.def())) {
                        out.add(x);
                    }
                }
            }
        }
        return out;
    }

    private Cls base(String dotted, ModuleModel in) {
        String[] parts = dotted.split("\\.");
        Member m = in.members().get(parts[0]);
        if (parts.length == 1) {
            if (m instanceof ClassDef c) {
                return new Cls(c, in);
            }
            if (m instanceof ImportedName i && i.name() != null) {
                Member r = resolve(m, in, 0);
                ModuleModel home = owner(i, in);
                return r instanceof ClassDef c && home != null ? new Cls(c, home) : null;
            }
            return null;
        }
        if (m instanceof ImportedName i) {
            String mod = i.name() == null ? i.module() : i.module() + "." + i.name();
            String rest = String.join(".", java.util.Arrays.asList(parts).subList(1, parts.length - 1));
            ModuleModel target = lookup.find(rest.isEmpty() ? mod : mod + "." + rest, in);
            if (target != null && target.members().get(parts[parts.length - 1]) instanceof ClassDef c) {
                return new Cls(c, target);
            }
        }
        return null;
    }

    static Map<String, Fixtures.Def> fixtureLayer(Map<String, Member> members, boolean inClass) {
        Map<String, Fixtures.Def> layer = new LinkedHashMap<>();
        members.forEach((n, m) -> {
            if (m instanceof FunctionDef f && f.fixture() != null) {
                String name = f.fixture().name() != null ? f.fixture().name() : n;
                List<String> args = inClass && !f.isStatic() && !f.params().isEmpty()
                        ? f.params().subList(1, f.params().size()) : f.params();
                layer.remove(name);
                layer.put(name, new Fixtures.Def(name, args, f.fixture()));
            }
        });
        return layer;
    }

    private void function(String name, FunctionDef f, List<String> classPath, List<Cls> classes, Fixtures fixtures,
            boolean inClass) {
        List<Mark> marks = new ArrayList<>(f.marks());
        for (int i = classes.size() - 1; i >= 0; i--) {
            marks.addAll(classes.get(i).def().marks());
        }
        marks.addAll(module.marks());
        List<Parametrize> params = new ArrayList<>();
        List<String> initial = new ArrayList<>(fixtures.autouse());
        Set<String> direct = new HashSet<>();
        Set<String> parametrized = new HashSet<>();
        for (Mark m : marks) {
            if (m instanceof UseFixtures u) {
                u.names().forEach(x -> addOnce(initial, x));
            } else if (m instanceof Parametrize p) {
                params.add(p);
                parametrized.addAll(p.argnames());
                p.argnames().stream().filter(a -> !p.indirect().contains(a)).forEach(direct::add);
            }
        }
        List<String> args = inClass && !f.isStatic() && !f.params().isEmpty()
                ? f.params().subList(1, f.params().size()) : f.params();
        args.forEach(x -> addOnce(initial, x));
        boolean runtime = generatesTests || classes.stream().anyMatch(c -> c.def().generatesTests());
        Set<String> markNames = markNames(marks);
        List<String> calls = null;
        List<Set<String>> callMarks = null;
        for (String argname : fixtures.closure(initial, direct)) {
            List<Fixtures.Def> chain = fixtures.chain(argname);
            if (chain.isEmpty() || parametrized.contains(argname)) {
                continue;
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                Fixtures.Def d = chain.get(i);
                if (d.spec().params() != null) {
                    runtime |= d.spec().dynamic();
                    if (!d.spec().dynamic()) {
                        List<ModuleModel.ParamSet> sets = fixtureSets(d);
                        calls = combine(calls, fixtureIds(argname, d));
                        callMarks = combineMarks(callMarks, setMarks(sets, calls.size()));
                    }
                    break;
                }
                if (!d.argnames().contains(argname)) {
                    break;
                }
            }
        }
        for (Parametrize p : params) {
            runtime |= p.dynamic();
            if (!p.dynamic()) {
                calls = combine(calls, ParamIds.of(p));
                callMarks = combineMarks(callMarks, setMarks(p.sets(), calls.size()));
            }
            p.sets().forEach(s -> { // a run-time expanded test: its parameters' marks may apply
                if (p.dynamic()) {
                    markNames.addAll(s.marks());
                }
            });
        }
        TestId base = TestId.of(module.path(), classPath, name);
        runtime |= calls != null && f.opaque(); // a wrapper (e.g. hypothesis' @given) may take parameters away
        runtime |= parametrizedByADecorator(f); // e.g. a helper that applies pytest.mark.parametrize itself
        if (runtime || calls == null) {
            if (callMarks != null) {
                callMarks.forEach(markNames::addAll);
            }
            out.add(new CollectedTest(base, f.line(), runtime, markNames));
            return;
        }
        for (int i = 0; i < calls.size(); i++) {
            Set<String> own = new LinkedHashSet<>(markNames);
            if (callMarks != null && callMarks.size() == calls.size()) {
                own.addAll(callMarks.get(i));
            }
            out.add(new CollectedTest(new TestId(module.path(), classPath, name, calls.get(i)), f.line(), false, own));
        }
    }

    private static List<ModuleModel.ParamSet> fixtureSets(Fixtures.Def d) {
        List<ModuleModel.ParamSet> sets = new ArrayList<>();
        for (PyValue v : d.spec().params()) {
            sets.add(v instanceof PyValue.Param p && p.values().size() == 1
                    ? new ModuleModel.ParamSet(p.values(), p.id(), p.marks()) : new ModuleModel.ParamSet(List.of(v), null));
        }
        return sets;
    }

    private static List<String> fixtureIds(String argname, Fixtures.Def d) {
        return ParamIds.of(new Parametrize(List.of(argname), fixtureSets(d), d.spec().ids(), Set.of(), false));
    }

    /** Mark names as {@code -m} sees them: parametrize and usefixtures count as marks too. */
    static Set<String> markNames(List<Mark> marks) {
        Set<String> out = new LinkedHashSet<>();
        for (Mark m : marks) {
            if (m instanceof Parametrize) {
                out.add("parametrize");
            } else if (m instanceof UseFixtures) {
                out.add("usefixtures");
            } else if (m instanceof ModuleModel.Named n) {
                out.add(n.name());
            }
        }
        return out;
    }

    /** Per parameter set, its marks; empty sets when the ids do not line up one to one with the sets. */
    private static List<Set<String>> setMarks(List<ModuleModel.ParamSet> sets, int ignored) {
        List<Set<String>> out = new ArrayList<>();
        for (ModuleModel.ParamSet s : sets) {
            out.add(new LinkedHashSet<>(s.marks()));
        }
        return out.isEmpty() ? List.of(Set.of()) : out;
    }

    private static List<Set<String>> combineMarks(List<Set<String>> calls, List<Set<String>> sets) {
        if (calls == null) {
            return sets;
        }
        List<Set<String>> next = new ArrayList<>(calls.size() * sets.size());
        for (Set<String> c : calls) {
            for (Set<String> s : sets) {
                Set<String> both = new LinkedHashSet<>(c);
                both.addAll(s);
                next.add(both);
            }
        }
        return next;
    }

    private static List<String> combine(List<String> calls, List<String> ids) {
        if (calls == null) {
            return ids;
        }
        List<String> next = new ArrayList<>(calls.size() * ids.size());
        for (String c : calls) {
            for (String id : ids) {
                next.add(c + "-" + id);
            }
        }
        return next;
    }

    private static void addOnce(List<String> list, String x) {
        if (!list.contains(x)) {
            list.add(x);
        }
    }

    static Set<String> names(List<String> l) {
        return new LinkedHashSet<>(l);
    }
}

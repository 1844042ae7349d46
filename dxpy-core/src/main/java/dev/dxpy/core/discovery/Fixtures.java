package dev.dxpy.core.discovery;

import dev.dxpy.core.discovery.ModuleModel.FixtureSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixtures visible from one test, in override order (conftests from rootdir down, the module,
 * then enclosing classes), and pytest's {@code getfixtureclosure} over them.
 */
final class Fixtures {
    /** A fixture definition: its name, the fixtures it requests and its decorator. */
    record Def(String name, List<String> argnames, FixtureSpec spec) {
        int scopeRank() {
            return switch (spec.scope()) {
                case "session" -> 4;
                case "package" -> 3;
                case "module" -> 2;
                case "class" -> 1;
                default -> 0;
            };
        }
    }

    private final List<Map<String, Def>> layers = new ArrayList<>();

    Fixtures() {
    }

    private Fixtures(List<Map<String, Def>> layers) {
        this.layers.addAll(layers);
    }

    /** A copy with one more, innermost layer. */
    Fixtures with(Map<String, Def> layer) {
        Fixtures f = new Fixtures(layers);
        f.layers.add(layer);
        return f;
    }

    /** Definitions of {@code name}, outermost first (the last one wins). */
    List<Def> chain(String name) {
        List<Def> out = new ArrayList<>();
        for (Map<String, Def> layer : layers) {
            Def d = layer.get(name);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    List<String> autouse() {
        List<String> out = new ArrayList<>();
        for (Map<String, Def> layer : layers) {
            for (Def d : layer.values()) {
                if (d.spec().autouse() && !out.contains(d.name())) {
                    out.add(d.name());
                }
            }
        }
        return out;
    }

    /** pytest's fixture closure of {@code initial}, sorted by scope (widest first, stable). */
    List<String> closure(List<String> initial, java.util.Set<String> ignore) {
        List<String> closure = new ArrayList<>(initial);
        Map<String, List<Def>> defs = new HashMap<>();
        Map<String, Integer> index = new HashMap<>();
        for (String n : initial) {
            process(n, closure, ignore, defs, index);
        }
        Map<String, Integer> rank = new LinkedHashMap<>();
        for (String n : closure) {
            List<Def> d = defs.get(n);
            rank.put(n, d == null || d.isEmpty() ? 0 : d.get(d.size() - 1).scopeRank());
        }
        List<String> sorted = new ArrayList<>(closure);
        sorted.sort((a, b) -> rank.get(b) - rank.get(a));
        return sorted;
    }

    private void process(String name, List<String> closure, java.util.Set<String> ignore, Map<String, List<Def>> defs,
            Map<String, Integer> index) {
        if (Integer.valueOf(-1).equals(index.get(name))) {
            return;
        }
        if (!closure.contains(name)) {
            closure.add(name);
        }
        if (ignore.contains(name)) {
            return;
        }
        List<Def> d = defs.computeIfAbsent(name, this::chain);
        if (d.isEmpty()) {
            return;
        }
        int i = index.getOrDefault(name, -1);
        if (-i > d.size()) {
            return;
        }
        Def def = d.get(d.size() + i);
        index.put(name, i - 1);
        for (String dep : def.argnames()) {
            process(dep, closure, ignore, defs, index);
        }
        index.put(name, i);
    }
}

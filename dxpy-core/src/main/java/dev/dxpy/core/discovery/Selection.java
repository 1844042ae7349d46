package dev.dxpy.core.discovery;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.UsageException;
import java.util.ArrayList;
import java.util.List;

/** Narrows a file's tests to node-id arguments ({@code file::Class::test}, {@code file::test[1]}). */
final class Selection {
    private Selection() {
    }

    static List<CollectedTest> apply(List<CollectedTest> tests, List<Targets.Selector> selectors) {
        if (selectors.isEmpty()) {
            return tests;
        }
        List<CollectedTest> out = new ArrayList<>();
        for (CollectedTest t : tests) {
            for (Targets.Selector s : selectors) {
                CollectedTest m = match(t, s.parts());
                if (m != null) {
                    out.add(m);
                    break;
                }
            }
        }
        for (Targets.Selector s : selectors) {
            if (tests.stream().noneMatch(t -> match(t, s.parts()) != null)) {
                throw new UsageException("not found: " + s.arg() + " (no test matches; check the name with --collect-only)");
            }
        }
        return out;
    }

    /** The test if the selector names it (a runtime-parametrized test narrowed to the given parameter id), else null. */
    private static CollectedTest match(CollectedTest t, List<String> sel) {
        TestId id = t.id();
        int depth = id.classes().size() + 1;
        if (sel.size() > depth) {
            return null;
        }
        for (int i = 0; i < sel.size() - 1; i++) {
            if (!sel.get(i).equals(id.classes().get(i))) {
                return null;
            }
        }
        String last = sel.get(sel.size() - 1);
        if (sel.size() < depth) {
            return last.equals(id.classes().get(sel.size() - 1)) ? t : null;
        }
        int bracket = last.indexOf('[');
        if (bracket < 0) {
            return last.equals(id.name()) ? t : null;
        }
        String name = last.substring(0, bracket);
        String param = last.substring(bracket + 1, last.length() - 1);
        if (!name.equals(id.name())) {
            return null;
        }
        if (t.runtimeParametrized() && id.paramId() == null) {
            return new CollectedTest(new TestId(id.file(), id.classes(), id.name(), param), t.line(), false);
        }
        return param.equals(id.paramId()) ? t : null;
    }
}

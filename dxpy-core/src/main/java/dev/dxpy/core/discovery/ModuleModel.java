package dev.dxpy.core.discovery;

import dev.dxpy.core.api.CollectionError;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What discovery reads from one Python file, in the module's {@code __dict__} order: each name at
 * the position of its first binding, holding its last definition.
 */
record ModuleModel(String path, Map<String, Member> members, List<Mark> marks, boolean testFalse,
        boolean generatesTests, List<String> imports, CollectionError error) {

    sealed interface Member permits FunctionDef, ClassDef, ImportedName, Other {
    }

    /**
     * A def; {@code params} are the mandatory parameters (no default, no * or **) including self.
     *
     * @param decoratedBy         the callees of the decorators discovery cannot read (e.g. {@code given},
     *                            {@code mark_dualiter}); when there are any ({@link #opaque()}) they may wrap the
     *                            function, so its run-time signature (hence its fixtures and parameters) is only
     *                            known once imported
     * @param mentionsParametrize its text has {@code parametrize}: as a decorator (factory) itself, it may parametrize
     *                            what it decorates
     */
    record FunctionDef(String name, int line, List<String> params, boolean isStatic, List<Mark> marks,
            FixtureSpec fixture, List<String> decoratedBy, boolean mentionsParametrize) implements Member {
        boolean opaque() {
            return !decoratedBy.isEmpty();
        }
    }

    record ClassDef(String name, int line, List<String> bases, Map<String, Member> members, List<Mark> marks,
            boolean hasInit, boolean testFalse, boolean generatesTests) implements Member {
    }

    /** {@code from module import name as local} ({@code name} null for {@code import module as local}). */
    record ImportedName(String module, String name, int line) implements Member {
    }

    /** Any other binding (assignment, ...): not a test. */
    record Other() implements Member {
    }

    sealed interface Mark permits Parametrize, UseFixtures, Named {
    }

    /** Any other {@code @pytest.mark.NAME} (call or not): only its name matters, for {@code -m}. */
    record Named(String name) implements Mark {
    }

    /** {@code @pytest.mark.parametrize}; when {@code dynamic} the values are only known at run time. */
    record Parametrize(List<String> argnames, List<ParamSet> sets, List<PyValue> ids, Set<String> indirect,
            boolean dynamic) implements Mark {
    }

    /** One parameter set: a value per argname, the {@code pytest.param(id=...)} if given. */
    record ParamSet(List<PyValue> values, PyValue id, List<String> marks) {
        ParamSet(List<PyValue> values, PyValue id) {
            this(values, id, List.of());
        }
    }

    record UseFixtures(List<String> names) implements Mark {
    }

    /** {@code @pytest.fixture(...)}: params null when not parametrized. */
    record FixtureSpec(String name, List<PyValue> params, List<PyValue> ids, boolean dynamic, String scope,
            boolean autouse) {
    }
}

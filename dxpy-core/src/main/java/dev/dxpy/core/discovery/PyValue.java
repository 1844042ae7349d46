package dev.dxpy.core.discovery;

import java.util.List;

/** A Python expression as far as parametrize ids need it: a literal, an object without an id, or unknown until run time. */
sealed interface PyValue {

    /** A string literal; its id is {@link IdMaker#asciiEscaped(String)} of the value. */
    record Str(String value) implements PyValue {
    }

    /** A value whose id is known: numbers, booleans, bytes, classes/functions by {@code __name__}. */
    record Known(String id) implements PyValue {
    }

    /** {@code None}: id {@code "None"}, but in an {@code ids} list it means "generate the id". */
    record NoneValue() implements PyValue {
    }

    /** A list or tuple display; as a parameter value it has no id (pytest uses argname + index). */
    record Seq(List<PyValue> items) implements PyValue {
    }

    /** Any other object (dict, set, call result of a known kind): argname + index. */
    record Opaque() implements PyValue {
    }

    /** {@code pytest.param(*values, id=..., marks=...)}. */
    record Param(List<PyValue> values, PyValue id, List<String> marks) implements PyValue {
        Param(List<PyValue> values, PyValue id) {
            this(values, id, List.of());
        }
    }

    /** Not computable without running Python (a name, a call, a comprehension). */
    record Dynamic() implements PyValue {
    }

    PyValue DYNAMIC = new Dynamic();
    PyValue OPAQUE = new Opaque();
    PyValue NONE = new NoneValue();

    /** True if this value or (for sequences and params) anything it holds is {@link Dynamic}. */
    default boolean isDynamic() {
        if (this instanceof Dynamic) {
            return true;
        }
        if (this instanceof Param p) {
            return p.values().stream().anyMatch(PyValue::isDynamic) || p.id() != null && p.id().isDynamic();
        }
        return false;
    }
}

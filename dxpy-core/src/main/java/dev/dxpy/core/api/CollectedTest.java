package dev.dxpy.core.api;

import java.util.Set;

/**
 * A test found by discovery. When {@code runtimeParametrized} is true the id names the function
 * only: its parameters are not literals and a worker expands them at run time. {@code marks} are the names
 * of its marks (own, class, module, and its parameter set's), as {@code -m} matches them.
 */
public record CollectedTest(TestId id, int line, boolean runtimeParametrized, Set<String> marks) {

    public CollectedTest {
        marks = marks == null ? Set.of() : Set.copyOf(marks);
    }

    /** A test without marks. */
    public CollectedTest(TestId id, int line, boolean runtimeParametrized) {
        this(id, line, runtimeParametrized, Set.of());
    }

    /**
     * The name of the placeholder test that stands for every doctest of a file ({@code path::<doctests>}):
     * pytest's doctest plugin finds them only by importing, so the worker expands it at run time.
     */
    public static final String DOCTESTS = "<doctests>";

    /** Whether this is the doctest placeholder of its file. */
    public boolean isDoctests() {
        return runtimeParametrized && id.classes().isEmpty() && DOCTESTS.equals(id.name());
    }

    public String nodeId() {
        return id.nodeId();
    }
}

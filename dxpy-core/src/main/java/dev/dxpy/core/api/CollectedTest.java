package dev.dxpy.core.api;

/**
 * A test found by discovery. When {@code runtimeParametrized} is true the id names the function
 * only: its parameters are not literals and a worker expands them at run time.
 */
public record CollectedTest(TestId id, int line, boolean runtimeParametrized) {

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

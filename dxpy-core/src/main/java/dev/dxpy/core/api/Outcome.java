package dev.dxpy.core.api;

/** The outcome of one test, with pytest's names. */
public enum Outcome {
    PASSED("passed"),
    FAILED("failed"),
    ERROR("error"),
    SKIPPED("skipped"),
    XFAILED("xfailed"),
    XPASSED("xpassed");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The word pytest uses in its summary line, e.g. {@code xfailed}. */
    public String label() {
        return label;
    }

    /** Whether this outcome makes the run fail (pytest exit code 1). */
    public boolean isFailure() {
        return this == FAILED || this == ERROR;
    }
}

package dev.dxpy.core.api;

/**
 * A test found by discovery. When {@code runtimeParametrized} is true the id names the function
 * only: its parameters are not literals and a worker expands them at run time.
 */
public record CollectedTest(TestId id, int line, boolean runtimeParametrized) {

    public String nodeId() {
        return id.nodeId();
    }
}

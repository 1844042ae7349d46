package dev.dxpy.core.protocol;

/**
 * One test of a {@link RunFile}.
 *
 * @param nodeId the pytest node id
 * @param expand whether {@code nodeId} names a function whose parameters the worker expands at run time
 */
public record TestRef(String nodeId, boolean expand) {

    public TestRef {
        nodeId = Values.text(nodeId);
    }
}

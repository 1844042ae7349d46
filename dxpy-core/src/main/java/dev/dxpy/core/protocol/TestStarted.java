package dev.dxpy.core.protocol;

/**
 * A test is about to run (worker &rarr; engine).
 *
 * @param nodeId the pytest node id
 */
public record TestStarted(String nodeId) implements Message {

    public TestStarted {
        nodeId = Values.text(nodeId);
    }

    @Override
    public MessageType type() {
        return MessageType.TEST_STARTED;
    }
}

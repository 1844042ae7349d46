package dev.dxpy.core.protocol;

/**
 * The first frame a worker sends (worker &rarr; engine).
 *
 * @param protocolVersion the protocol version the worker speaks, 0..65535
 * @param pid the worker's process id
 * @param pythonVersion e.g. {@code 3.11.7}
 * @param implementation e.g. {@code cpython}
 * @param workerVersion the version of {@code dx_py_test_runner}
 */
public record Hello(int protocolVersion, int pid, String pythonVersion, String implementation, String workerVersion)
        implements Message {

    public Hello {
        if (protocolVersion < 0 || protocolVersion > 0xFFFF) {
            throw new IllegalArgumentException("protocolVersion " + protocolVersion + " does not fit a u16");
        }
        pythonVersion = Values.text(pythonVersion);
        implementation = Values.text(implementation);
        workerVersion = Values.text(workerVersion);
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }
}

package dev.dxpy.core.protocol;

/**
 * The frames of the engine-worker protocol; a frame's payload is the FlatBuffers table of the same name
 * in {@code dxpy.fbs}.
 *
 * <table>
 * <caption>Frames</caption>
 * <tr><th>Code</th><th>Frame</th><th>Direction</th><th>When</th></tr>
 * <tr><td>1</td><td>{@link #HELLO}</td><td>worker &rarr; engine</td><td>first frame a worker sends: protocol
 *     version, pid, interpreter</td></tr>
 * <tr><td>2</td><td>{@link #CONFIGURE}</td><td>engine &rarr; worker</td><td>once after HELLO: rootdir,
 *     collection patterns, sys.path, preloads, timeout</td></tr>
 * <tr><td>3</td><td>{@link #RUN_FILE}</td><td>engine &rarr; worker</td><td>run these tests of one file, in
 *     order</td></tr>
 * <tr><td>4</td><td>{@link #TEST_STARTED}</td><td>worker &rarr; engine</td><td>a test is about to run</td></tr>
 * <tr><td>5</td><td>{@link #TEST_RESULT}</td><td>worker &rarr; engine</td><td>one result per test (per
 *     parameter set of a run-time expanded test)</td></tr>
 * <tr><td>6</td><td>{@link #FILE_DONE}</td><td>worker &rarr; engine</td><td>the file of a RUN_FILE is done, or
 *     could not be imported</td></tr>
 * <tr><td>7</td><td>{@link #SHUTDOWN}</td><td>engine &rarr; worker</td><td>finish and exit</td></tr>
 * <tr><td>8</td><td>{@link #HEARTBEAT}</td><td>either way</td><td>liveness</td></tr>
 * <tr><td>9</td><td>{@link #WORKER_ERROR}</td><td>worker &rarr; engine</td><td>internal worker error, fatal
 *     or not</td></tr>
 * <tr><td>10</td><td>{@link #CLIENT_REQUEST}</td><td>client &rarr; daemon</td><td>run a dx-py command in the
 *     daemon (over its Unix domain socket; workers never see it)</td></tr>
 * <tr><td>11</td><td>{@link #CLIENT_OUTPUT}</td><td>daemon &rarr; client</td><td>the command's console output,
 *     the last one with its exit code</td></tr>
 * <tr><td>12</td><td>{@link #STOP_FILE}</td><td>engine &rarr; worker</td><td>during a RUN_FILE: run no test
 *     from this one on (another worker takes them); FILE_DONE follows as usual</td></tr>
 * <tr><td>13</td><td>{@link #FRAMES_LOGGED}</td><td>worker &rarr; engine</td><td>doorbell: TEST_STARTED
 *     and TEST_RESULT frames wait in the worker's {@link FrameLog}; read them before the next frame</td></tr>
 * <tr><td>14</td><td>{@link #COLLECTED}</td><td>worker &rarr; engine</td><td>once after a CONFIGURE with
 *     collect_ahead: what importing and collecting those files read</td></tr>
 * </table>
 *
 * <p>Any frame's payload over {@link SharedMemoryRing#THRESHOLD} bytes (in practice TEST_RESULT with a long
 * traceback or captured output, FILE_DONE with an import error) may travel through the sender's
 * {@link SharedMemoryRing}: the header then has flag bit 0 set, its length and CRC32 describe the payload
 * and its last word (otherwise reserved, 0) is the payload's offset in the ring; no payload bytes follow
 * on the stream. Workers write through their ring ({@code DXPY_SHM} names the file); the engine reads.
 */
public enum MessageType {
    /** worker &rarr; engine, the first frame a worker sends; payload {@link Hello}. */
    HELLO(1),
    /** engine &rarr; worker, once after HELLO; payload {@link Configure}. */
    CONFIGURE(2),
    /** engine &rarr; worker, run tests of one file; payload {@link RunFile}. */
    RUN_FILE(3),
    /** worker &rarr; engine, a test is starting; payload {@link TestStarted}. */
    TEST_STARTED(4),
    /** worker &rarr; engine, one test result; payload {@link TestResultMessage}. */
    TEST_RESULT(5),
    /** worker &rarr; engine, a file is done or failed to import; payload {@link FileDone}. */
    FILE_DONE(6),
    /** engine &rarr; worker, finish and exit; payload {@link Shutdown}. */
    SHUTDOWN(7),
    /** either way, liveness; payload {@link Heartbeat}. */
    HEARTBEAT(8),
    /** worker &rarr; engine, the worker hit an internal error; payload {@link WorkerError}. */
    WORKER_ERROR(9),
    /** client &rarr; daemon, run a dx-py command; payload {@link ClientRequest}. */
    CLIENT_REQUEST(10),
    /** daemon &rarr; client, console output and finally the exit code; payload {@link ClientOutput}. */
    CLIENT_OUTPUT(11),
    /** engine &rarr; worker, during a RUN_FILE: stop before a test; payload {@link StopFile}. */
    STOP_FILE(12),
    /** worker &rarr; engine, the frame log's doorbell: read the log first; payload {@link FramesLogged}. */
    FRAMES_LOGGED(13),
    /**
     * worker &rarr; engine, once after a CONFIGURE with collect_ahead: the files and directories importing and
     * collecting those files read; payload {@link Collected}.
     */
    COLLECTED(14);

    private static final MessageType[] BY_CODE = new MessageType[15];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The u16 code written in the frame header. */
    public int code() {
        return code;
    }

    /**
     * The type with this header code.
     *
     * @throws ProtocolException of kind {@link ProtocolException.Kind#UNKNOWN_TYPE} for any other code
     */
    public static MessageType of(int code) throws ProtocolException {
        if (code > 0 && code < BY_CODE.length) {
            return BY_CODE[code];
        }
        throw new ProtocolException(ProtocolException.Kind.UNKNOWN_TYPE,
                "unknown message type " + code + ", expected 1.." + (BY_CODE.length - 1)
                        + ": the peer speaks a newer protocol or the channel is corrupted");
    }
}

package dev.dxpy.core.protocol;

import java.util.List;

/**
 * The layout of each table in {@code dxpy.fbs}, field by field in schema order, for {@link PayloadVerifier}.
 * A field added at the end of a table in the schema must be added at the end here too.
 */
record PayloadShape(String name, List<Field> fields) {

    /** How a field is stored in its table. */
    enum Kind {
        BYTE(1), U16(2), I32(4), I64(8), STRING(4), STRINGS(4), TABLES(4);

        final int inlineSize;

        Kind(int inlineSize) {
            this.inlineSize = inlineSize;
        }
    }

    record Field(String name, Kind kind, PayloadShape element) {
    }

    private static Field f(String name, Kind kind) {
        return new Field(name, kind, null);
    }

    static final PayloadShape HELLO = new PayloadShape("Hello", List.of(
            f("protocol_version", Kind.U16), f("pid", Kind.I32), f("python_version", Kind.STRING),
            f("implementation", Kind.STRING), f("worker_version", Kind.STRING)));
    static final PayloadShape FIXTURE_KEY = new PayloadShape("FixtureKey", List.of(
            f("name", Kind.STRING), f("file", Kind.STRING), f("key", Kind.STRING)));
    static final PayloadShape CONFIGURE = new PayloadShape("Configure", List.of(
            f("rootdir", Kind.STRING), f("python_files", Kind.STRINGS), f("python_classes", Kind.STRINGS),
            f("python_functions", Kind.STRINGS), f("sys_path", Kind.STRINGS), f("preload", Kind.STRINGS),
            f("timeout_ms", Kind.I64), new Field("fixture_keys", Kind.TABLES, FIXTURE_KEY),
            f("collect_ahead", Kind.STRINGS)));
    static final PayloadShape TEST_REF = new PayloadShape("TestRef", List.of(
            f("node_id", Kind.STRING), f("expand", Kind.BYTE)));
    static final PayloadShape RUN_FILE = new PayloadShape("RunFile", List.of(
            f("file", Kind.STRING), new Field("tests", Kind.TABLES, TEST_REF), f("collect_only", Kind.BYTE)));
    static final PayloadShape TEST_STARTED = new PayloadShape("TestStarted", List.of(f("node_id", Kind.STRING)));
    static final PayloadShape TEST_RESULT = new PayloadShape("TestResult", List.of(
            f("node_id", Kind.STRING), f("outcome", Kind.BYTE), f("duration_ns", Kind.I64),
            f("message", Kind.STRING), f("longrepr", Kind.STRING), f("stdout", Kind.STRING),
            f("stderr", Kind.STRING), f("log", Kind.STRING), f("runtime_expanded", Kind.BYTE),
            f("fallback_reason", Kind.STRING), f("phase", Kind.BYTE)));
    static final PayloadShape FILE_DONE = new PayloadShape("FileDone", List.of(
            f("file", Kind.STRING), f("error", Kind.STRING), f("error_line", Kind.I32),
            f("longrepr", Kind.STRING), f("ignored", Kind.BYTE)));
    static final PayloadShape SHUTDOWN = new PayloadShape("Shutdown", List.of(f("reason", Kind.STRING)));
    static final PayloadShape HEARTBEAT = new PayloadShape("Heartbeat", List.of(f("sent_ns", Kind.I64)));
    static final PayloadShape WORKER_ERROR = new PayloadShape("WorkerError", List.of(
            f("message", Kind.STRING), f("traceback", Kind.STRING), f("fatal", Kind.BYTE)));

    static final PayloadShape CLIENT_REQUEST = new PayloadShape("ClientRequest", List.of(
            f("cwd", Kind.STRING), f("args", Kind.STRINGS), f("env", Kind.STRINGS)));
    static final PayloadShape CLIENT_OUTPUT = new PayloadShape("ClientOutput", List.of(
            f("text", Kind.STRING), f("done", Kind.BYTE), f("exit_code", Kind.I32)));
    static final PayloadShape STOP_FILE = new PayloadShape("StopFile", List.of(
            f("file", Kind.STRING), f("before", Kind.STRING)));
    static final PayloadShape FRAMES_LOGGED = new PayloadShape("FramesLogged", List.of(f("position", Kind.I64)));
    static final PayloadShape FILE_STAMP = new PayloadShape("FileStamp", List.of(
            f("path", Kind.STRING), f("size", Kind.I64), f("mtime_ns", Kind.I64)));
    static final PayloadShape COLLECTED = new PayloadShape("Collected", List.of(
            new Field("stamps", Kind.TABLES, FILE_STAMP)));

    static PayloadShape of(MessageType type) {
        return switch (type) {
            case HELLO -> HELLO;
            case CONFIGURE -> CONFIGURE;
            case RUN_FILE -> RUN_FILE;
            case TEST_STARTED -> TEST_STARTED;
            case TEST_RESULT -> TEST_RESULT;
            case FILE_DONE -> FILE_DONE;
            case SHUTDOWN -> SHUTDOWN;
            case HEARTBEAT -> HEARTBEAT;
            case WORKER_ERROR -> WORKER_ERROR;
            case CLIENT_REQUEST -> CLIENT_REQUEST;
            case CLIENT_OUTPUT -> CLIENT_OUTPUT;
            case STOP_FILE -> STOP_FILE;
            case FRAMES_LOGGED -> FRAMES_LOGGED;
            case COLLECTED -> COLLECTED;
        };
    }
}

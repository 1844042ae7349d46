package dev.dxpy.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden frames between Java and the worker's {@code protocol.py}: Python decodes and re-encodes frames Java
 * wrote, and encodes a fixed list of messages itself; both must match Java's frames byte for byte.
 */
class GoldenFramesTest {

    private static final String SCRIPT = """
            import sys
            from dx_py_test_runner import protocol as p

            src, echoed, made = sys.argv[1:4]
            with open(src, "rb") as f, open(echoed, "wb") as out:
                while True:
                    frame = p.read_frame(f)
                    if frame is None:
                        break
                    fields = p.decode(frame.type, frame.payload)
                    p.write_frame(out, frame.type, frame.request_id, p.encode(frame.type, fields))

            T = p.MessageType
            with open(made, "wb") as out:
                p.write_frame(out, T.HELLO, 1, p.encode_hello(4242, "3.11.7", "cpython", "0.1.0"))
                p.write_frame(out, T.CONFIGURE, 2, p.encode_configure(
                    "/r\\u00e9po", ["test_*.py", "*_test.py"], ["Test"], ["test"], ["/r\\u00e9po/src"], [], 30000))
                p.write_frame(out, T.RUN_FILE, 3, p.encode_run_file(
                    "tests/test_a.py", [("tests/test_a.py::test_x", False), ("tests/test_a.py::test_p", True)]))
                p.write_frame(out, T.TEST_STARTED, 2**64 - 1, p.encode_test_started("tests/test_a.py::test_x"))
                p.write_frame(out, T.TEST_RESULT, 5, p.encode_test_result("tests/test_a.py::test_x", "passed", 1500))
                p.write_frame(out, T.TEST_RESULT, 6, p.encode_test_result(
                    "tests/test_a.py::test_p[1-\\U0001F600]", "failed", 2**63 - 1, message="assert 847 == 848",
                    longrepr="E   assert 847 == 848", stdout="out\\n", stderr="err", log="WARNING x",
                    runtime_expanded=True))
                p.write_frame(out, T.FILE_DONE, 7, p.encode_file_done("tests/test_a.py"))
                p.write_frame(out, T.FILE_DONE, 8, p.encode_file_done(
                    "tests/test_b.py", error="ImportError: no module named x", error_line=3, longrepr="Traceback"))
                p.write_frame(out, T.SHUTDOWN, 9, p.encode_shutdown("done"))
                p.write_frame(out, T.RUN_FILE, 14, p.encode_run_file("t.py", [("t.py::<doctests>", True)], True))
                p.write_frame(out, T.FILE_DONE, 15, p.encode_file_done("t.py", ignored=True))
                p.write_frame(out, T.HEARTBEAT, 10, p.encode_heartbeat(-2**63))
                p.write_frame(out, T.WORKER_ERROR, 11, p.encode_worker_error("boom", traceback="tb", fatal=True))
                p.write_frame(out, T.CLIENT_REQUEST, 12, p.encode_client_request("/w", ["test", "-q"], ["A=1", "B="]))
                p.write_frame(out, T.CLIENT_OUTPUT, 13, p.encode_client_output("3 passed\\n", True, 1))
                p.write_frame(out, T.CONFIGURE, 14, p.encode_configure(
                    "/r", ["test_*.py"], [], [], [], ["numpy"], 0, [("big_array", "tests/conftest.py", "ab" * 32),
                                                                   ("m\u00e9", "", "")]))
                p.write_frame(out, T.STOP_FILE, 16, p.encode_stop_file("tests/t\u00e9.py", "tests/t\u00e9.py::test_b[1]"))
                p.write_frame(out, T.FRAMES_LOGGED, 17, p.encode_frames_logged(2**40 + 3))
                p.write_frame(out, T.CONFIGURE, 18, p.encode_configure(
                    "/r", ["test_*.py"], [], [], ["/r"], ["numpy"], 0, [("db", "conftest.py", "cd" * 32)],
                    ["tests/test_a.py", "tests/sub/test_\u00e9.py"]))
                p.write_frame(out, T.CONFIGURE, 19, p.encode_configure("/r", [], [], [], [], [], 0, (), ["t.py"]))
                p.write_frame(out, T.COLLECTED, 20, p.encode_collected([
                    ("/r/tests/test_a.py", 812, 1717000000123456789), ("/r/tests", 4096, 1717000000000000000),
                    ("/r/conftest.py", -1, 0), ("/r/t\u00e9sts/x.py", 7, 1), ("", 0, 0), ("/r/a", 2**63 - 1, -2**63),
                    ("/r/tests/test_a.py", 812, 1717000000123456789)]))
                p.write_frame(out, T.COLLECTED, 21, p.encode_collected([]))
                p.write_frame(out, T.COLLECTED, 22, p.encode_collected([("/missing", -1, 0)]))
            """;

    /** The same messages as the script's {@code made} list, in order, with their request ids. */
    private static final List<Frame> MADE = List.of(
            new Frame(MessageType.HELLO, 1, new Hello(1, 4242, "3.11.7", "cpython", "0.1.0")),
            new Frame(MessageType.CONFIGURE, 2, new Configure("/r\u00e9po", List.of("test_*.py", "*_test.py"),
                    List.of("Test"), List.of("test"), List.of("/r\u00e9po/src"), List.of(), 30000)),
            new Frame(MessageType.RUN_FILE, 3, new RunFile("tests/test_a.py", List.of(
                    new TestRef("tests/test_a.py::test_x", false), new TestRef("tests/test_a.py::test_p", true)))),
            new Frame(MessageType.TEST_STARTED, -1, new TestStarted("tests/test_a.py::test_x")),
            new Frame(MessageType.TEST_RESULT, 5, new TestResultMessage("tests/test_a.py::test_x", Outcome.PASSED,
                    1500, "", "", "", "", "", false)),
            new Frame(MessageType.TEST_RESULT, 6, new TestResultMessage("tests/test_a.py::test_p[1-\uD83D\uDE00]",
                    Outcome.FAILED, Long.MAX_VALUE, "assert 847 == 848", "E   assert 847 == 848", "out\n", "err",
                    "WARNING x", true)),
            new Frame(MessageType.FILE_DONE, 7, new FileDone("tests/test_a.py", "", 0, "")),
            new Frame(MessageType.FILE_DONE, 8, new FileDone("tests/test_b.py", "ImportError: no module named x", 3,
                    "Traceback")),
            new Frame(MessageType.SHUTDOWN, 9, new Shutdown("done")),
            new Frame(MessageType.RUN_FILE, 14, new RunFile("t.py", List.of(new TestRef("t.py::<doctests>", true)), true)),
            new Frame(MessageType.FILE_DONE, 15, new FileDone("t.py", "", 0, "", true)),
            new Frame(MessageType.HEARTBEAT, 10, new Heartbeat(Long.MIN_VALUE)),
            new Frame(MessageType.WORKER_ERROR, 11, new WorkerError("boom", "tb", true)),
            new Frame(MessageType.CLIENT_REQUEST, 12, new ClientRequest("/w", List.of("test", "-q"), List.of("A=1", "B="))),
            new Frame(MessageType.CLIENT_OUTPUT, 13, new ClientOutput("3 passed\n", true, 1)),
            new Frame(MessageType.CONFIGURE, 14, new Configure("/r", List.of("test_*.py"), List.of(), List.of(),
                    List.of(), List.of("numpy"), 0, List.of(new FixtureKey("big_array", "tests/conftest.py",
                            "ab".repeat(32)), new FixtureKey("m\u00e9", "", "")))),
            new Frame(MessageType.STOP_FILE, 16, new StopFile("tests/t\u00e9.py", "tests/t\u00e9.py::test_b[1]")),
            new Frame(MessageType.FRAMES_LOGGED, 17, new FramesLogged((1L << 40) + 3)),
            new Frame(MessageType.CONFIGURE, 18, new Configure("/r", List.of("test_*.py"), List.of(), List.of(),
                    List.of("/r"), List.of("numpy"), 0, List.of(new FixtureKey("db", "conftest.py", "cd".repeat(32))),
                    List.of("tests/test_a.py", "tests/sub/test_\u00e9.py"))),
            new Frame(MessageType.CONFIGURE, 19, new Configure("/r", List.of(), List.of(), List.of(), List.of(),
                    List.of(), 0).withCollectAhead(List.of("t.py"))),
            new Frame(MessageType.COLLECTED, 20, new Collected(List.of(
                    new FileStamp("/r/tests/test_a.py", 812, 1717000000123456789L),
                    new FileStamp("/r/tests", 4096, 1717000000000000000L), new FileStamp("/r/conftest.py", -1, 0),
                    new FileStamp("/r/t\u00e9sts/x.py", 7, 1), new FileStamp("", 0, 0),
                    new FileStamp("/r/a", Long.MAX_VALUE, Long.MIN_VALUE),
                    new FileStamp("/r/tests/test_a.py", 812, 1717000000123456789L)))),
            new Frame(MessageType.COLLECTED, 21, new Collected(List.of())),
            new Frame(MessageType.COLLECTED, 22, new Collected(List.of(new FileStamp("/missing", -1, 0)))));

    @TempDir
    static Path dir;

    private static final List<Frame> SENT = new ArrayList<>();
    private static byte[] sentBytes;
    private static byte[] echoedBytes;
    private static byte[] madeBytes;

    @BeforeAll
    static void runPython() throws Exception {
        Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path workerDir = basedir.resolve("../python-worker/target/classes/dxpy-worker").normalize();
        Assumptions.assumeTrue(Files.isDirectory(workerDir.resolve("dx_py_test_runner")),
                "no assembled worker at " + workerDir + "; build python-worker first");
        Assumptions.assumeTrue(pythonAvailable(), "python3 is not on the PATH");

        MessageSamples samples = new MessageSamples(1234);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(sent);
        for (Message m : samples.all(12)) {
            if (m instanceof Hello h) { // Python always sends its own protocol version
                m = new Hello(FrameCodec.VERSION, h.pid(), h.pythonVersion(), h.implementation(), h.workerVersion());
            }
            Frame f = new Frame(m.type(), samples.requestId(), m);
            SENT.add(f);
            writer.write(f.requestId(), m);
        }
        sentBytes = sent.toByteArray();
        Path src = Files.write(dir.resolve("java.bin"), sentBytes);
        Path script = Files.writeString(dir.resolve("golden.py"), SCRIPT);
        Path echoed = dir.resolve("echoed.bin");
        Path made = dir.resolve("made.bin");
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), src.toString(), echoed.toString(),
                made.toString()).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", workerDir.toString());
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(process.exitValue()).as("python exit code; output:%n%s", output).isZero();
        echoedBytes = Files.readAllBytes(echoed);
        madeBytes = Files.readAllBytes(made);
    }

    @Test
    void pythonDecodesJavaFramesAndReencodesThemToTheSameMessages() throws IOException {
        assertThat(readAll(echoedBytes)).containsExactlyElementsOf(SENT);
    }

    @Test
    void pythonReencodesJavaFramesByteForByte() throws IOException {
        List<byte[]> echoed = split(echoedBytes);
        List<byte[]> sent = split(sentBytes);
        assertThat(echoed).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(FrameCodec.decodeHeader(echoed.get(i), 0)).as("header of frame %d", i)
                    .isEqualTo(FrameCodec.decodeHeader(sent.get(i), 0));
            assertThat(echoed.get(i)).as("frame %d (%s)", i, SENT.get(i)).isEqualTo(sent.get(i));
        }
    }

    @Test
    void framesPythonEncodesEqualJavasForTheSameMessages() throws IOException {
        assertThat(readAll(madeBytes)).containsExactlyElementsOf(MADE);
        List<byte[]> made = split(madeBytes);
        for (int i = 0; i < MADE.size(); i++) {
            byte[] java = FrameCodec.encode(MADE.get(i).requestId(), MADE.get(i).message());
            assertThat(FrameCodec.decodeHeader(made.get(i), 0)).as("header of %s", MADE.get(i))
                    .isEqualTo(FrameCodec.decodeHeader(java, 0));
            assertThat(made.get(i)).as("bytes of %s", MADE.get(i)).isEqualTo(java);
        }
    }

    private static List<Frame> readAll(byte[] bytes) throws IOException {
        List<Frame> frames = new ArrayList<>();
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes));
        for (Frame f = reader.read(); f != null; f = reader.read()) {
            frames.add(f);
        }
        return frames;
    }

    private static List<byte[]> split(byte[] bytes) throws ProtocolException {
        List<byte[]> frames = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int end = at + FrameCodec.HEADER_SIZE + FrameCodec.decodeHeader(bytes, at).payloadLength();
            frames.add(java.util.Arrays.copyOfRange(bytes, at, end));
            at = end;
        }
        return frames;
    }

    private static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

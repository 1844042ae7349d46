package dev.dxpy.core.protocol;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds the FlatBuffers payload of a {@link Message} with the generated classes. Empty strings and lists
 * are left out (they decode as empty), and objects are created in the same order as {@code protocol.py}
 * so both sides produce the same bytes for the same message.
 */
final class PayloadEncoder {

    private PayloadEncoder() {
    }

    /** The finished FlatBuffer, from {@code position()} to {@code limit()} of the returned buffer. */
    static ByteBuffer encode(Message m) {
        FlatBufferBuilder b = new FlatBufferBuilder(256);
        b.finish(root(b, m));
        return b.dataBuffer();
    }

    private static int root(FlatBufferBuilder b, Message m) {
        if (m instanceof Hello h) {
            int pythonVersion = str(b, h.pythonVersion());
            int implementation = str(b, h.implementation());
            int workerVersion = str(b, h.workerVersion());
            return dev.dxpy.core.protocol.fb.Hello.createHello(b, h.protocolVersion(), h.pid(), pythonVersion,
                    implementation, workerVersion);
        } else if (m instanceof Configure c) {
            int rootdir = str(b, c.rootdir());
            int files = strings(b, c.pythonFiles());
            int classes = strings(b, c.pythonClasses());
            int functions = strings(b, c.pythonFunctions());
            int sysPath = strings(b, c.sysPath());
            int preload = strings(b, c.preload());
            int keys = 0;
            if (!c.fixtureKeys().isEmpty()) {
                int[] tables = new int[c.fixtureKeys().size()];
                for (int i = 0; i < tables.length; i++) {
                    FixtureKey k = c.fixtureKeys().get(i);
                    int name = b.createString(ByteBuffer.wrap(k.name().getBytes(StandardCharsets.UTF_8)));
                    int file = b.createString(ByteBuffer.wrap(k.file().getBytes(StandardCharsets.UTF_8)));
                    int key = b.createString(ByteBuffer.wrap(k.key().getBytes(StandardCharsets.UTF_8)));
                    tables[i] = dev.dxpy.core.protocol.fb.FixtureKey.createFixtureKey(b, name, file, key);
                }
                keys = dev.dxpy.core.protocol.fb.Configure.createFixtureKeysVector(b, tables);
            }
            int collectAhead = strings(b, c.collectAhead());
            return dev.dxpy.core.protocol.fb.Configure.createConfigure(b, rootdir, files, classes, functions,
                    sysPath, preload, c.timeoutMs(), keys, collectAhead);
        } else if (m instanceof RunFile r) {
            int file = str(b, r.file());
            int tests = 0;
            if (!r.tests().isEmpty()) {
                int[] refs = new int[r.tests().size()];
                for (int i = 0; i < refs.length; i++) {
                    TestRef t = r.tests().get(i);
                    // always written, even empty: a TestRef without fields would get a vtable that Python's
                    // builder deduplicates differently (it ignores the table size), and the bytes would differ
                    int nodeId = b.createString(ByteBuffer.wrap(t.nodeId().getBytes(StandardCharsets.UTF_8)));
                    refs[i] = dev.dxpy.core.protocol.fb.TestRef.createTestRef(b, nodeId, t.expand());
                }
                tests = dev.dxpy.core.protocol.fb.RunFile.createTestsVector(b, refs);
            }
            return dev.dxpy.core.protocol.fb.RunFile.createRunFile(b, file, tests, r.collectOnly());
        } else if (m instanceof TestStarted t) {
            return dev.dxpy.core.protocol.fb.TestStarted.createTestStarted(b, str(b, t.nodeId()));
        } else if (m instanceof TestResultMessage r) {
            int nodeId = str(b, r.nodeId());
            int message = str(b, r.message());
            int longrepr = str(b, r.longrepr());
            int stdout = str(b, r.stdout());
            int stderr = str(b, r.stderr());
            int log = str(b, r.log());
            int reason = str(b, r.fallbackReason());
            return dev.dxpy.core.protocol.fb.TestResult.createTestResult(b, nodeId, (byte) r.outcome().ordinal(),
                    r.durationNs(), message, longrepr, stdout, stderr, log, r.runtimeExpanded(), reason,
                    TestResultMessage.PHASES.indexOf(r.phase()));
        } else if (m instanceof FileDone f) {
            int file = str(b, f.file());
            int error = str(b, f.error());
            int longrepr = str(b, f.longrepr());
            return dev.dxpy.core.protocol.fb.FileDone.createFileDone(b, file, error, f.errorLine(), longrepr, f.ignored());
        } else if (m instanceof Shutdown s) {
            return dev.dxpy.core.protocol.fb.Shutdown.createShutdown(b, str(b, s.reason()));
        } else if (m instanceof Heartbeat h) {
            return dev.dxpy.core.protocol.fb.Heartbeat.createHeartbeat(b, h.sentNs());
        } else if (m instanceof WorkerError e) {
            int message = str(b, e.message());
            int traceback = str(b, e.traceback());
            return dev.dxpy.core.protocol.fb.WorkerError.createWorkerError(b, message, traceback, e.fatal());
        } else if (m instanceof ClientRequest r) {
            int cwd = str(b, r.cwd());
            int args = strings(b, r.args());
            int env = strings(b, r.env());
            return dev.dxpy.core.protocol.fb.ClientRequest.createClientRequest(b, cwd, args, env);
        } else if (m instanceof ClientOutput o) {
            return dev.dxpy.core.protocol.fb.ClientOutput.createClientOutput(b, str(b, o.text()), o.done(), o.exitCode());
        } else if (m instanceof StopFile f) {
            int file = str(b, f.file());
            int before = str(b, f.before());
            return dev.dxpy.core.protocol.fb.StopFile.createStopFile(b, file, before);
        } else if (m instanceof FramesLogged l) {
            return dev.dxpy.core.protocol.fb.FramesLogged.createFramesLogged(b, l.position());
        } else if (m instanceof Collected c) {
            int stamps = 0;
            if (!c.stamps().isEmpty()) {
                int[] tables = new int[c.stamps().size()];
                for (int i = 0; i < tables.length; i++) {
                    FileStamp s = c.stamps().get(i);
                    // the path always written, even empty, as FixtureKey's strings (see TestRef above)
                    int path = b.createString(ByteBuffer.wrap(s.path().getBytes(StandardCharsets.UTF_8)));
                    // 8-aligned before the table, so no padding ends up inside it: tables with the same fields
                    // then have the same size, and Python's builder, which shares a vtable between tables of
                    // equal field offsets whatever their size, writes the same vtables as this one
                    b.prep(8, 0);
                    tables[i] = dev.dxpy.core.protocol.fb.FileStamp.createFileStamp(b, path, s.size(), s.mtimeNs());
                }
                stamps = dev.dxpy.core.protocol.fb.Collected.createStampsVector(b, tables);
            }
            return dev.dxpy.core.protocol.fb.Collected.createCollected(b, stamps);
        }
        throw new IllegalArgumentException("not a protocol message: " + m);
    }

    /** Unpaired surrogates become {@code ?}, as Python's {@code encode('utf-8', 'replace')} does. */
    private static int str(FlatBufferBuilder b, String s) {
        return s.isEmpty() ? 0 : b.createString(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static int strings(FlatBufferBuilder b, List<String> list) {
        if (list.isEmpty()) {
            return 0;
        }
        int[] offsets = new int[list.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = b.createString(ByteBuffer.wrap(list.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        b.startVector(4, offsets.length, 4);
        for (int i = offsets.length - 1; i >= 0; i--) {
            b.addOffset(offsets[i]);
        }
        return b.endVector();
    }
}

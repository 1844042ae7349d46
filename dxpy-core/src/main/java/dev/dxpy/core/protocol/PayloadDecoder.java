package dev.dxpy.core.protocol;

import dev.dxpy.core.api.Outcome;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads a payload into a {@link Message}: {@link PayloadVerifier} first, then the generated accessors;
 * anything the accessors still throw becomes a {@link ProtocolException.Kind#BAD_PAYLOAD}.
 */
final class PayloadDecoder {

    private static final Outcome[] OUTCOMES = Outcome.values();

    private PayloadDecoder() {
    }

    /** Decodes {@code bb}, whose position 0 is the payload's first byte and whose limit is its end. */
    static Message decode(MessageType type, ByteBuffer bb) throws ProtocolException {
        PayloadVerifier.verify(bb, PayloadShape.of(type));
        try {
            return read(type, bb);
        } catch (RuntimeException e) {
            throw new ProtocolException(ProtocolException.Kind.BAD_PAYLOAD,
                    "malformed " + PayloadShape.of(type).name() + " payload (" + bb.limit() + " bytes): " + e
                            + "; the peer wrote a different schema or the payload was corrupted", e);
        }
    }

    private static Message read(MessageType type, ByteBuffer bb) throws ProtocolException {
        switch (type) {
            case HELLO -> {
                var h = dev.dxpy.core.protocol.fb.Hello.getRootAsHello(bb);
                return new Hello(h.protocolVersion(), h.pid(), h.pythonVersion(), h.implementation(),
                        h.workerVersion());
            }
            case CONFIGURE -> {
                var c = dev.dxpy.core.protocol.fb.Configure.getRootAsConfigure(bb);
                return new Configure(c.rootdir(), list(c.pythonFilesLength(), c::pythonFiles),
                        list(c.pythonClassesLength(), c::pythonClasses),
                        list(c.pythonFunctionsLength(), c::pythonFunctions), list(c.sysPathLength(), c::sysPath),
                        list(c.preloadLength(), c::preload), c.timeoutMs(), fixtureKeys(c),
                        list(c.collectAheadLength(), c::collectAhead));
            }
            case RUN_FILE -> {
                var r = dev.dxpy.core.protocol.fb.RunFile.getRootAsRunFile(bb);
                var ref = new dev.dxpy.core.protocol.fb.TestRef();
                List<TestRef> tests = new ArrayList<>(r.testsLength());
                for (int i = 0; i < r.testsLength(); i++) {
                    r.tests(ref, i);
                    tests.add(new TestRef(ref.nodeId(), ref.expand()));
                }
                return new RunFile(r.file(), tests, r.collectOnly());
            }
            case TEST_STARTED -> {
                return new TestStarted(dev.dxpy.core.protocol.fb.TestStarted.getRootAsTestStarted(bb).nodeId());
            }
            case TEST_RESULT -> {
                var r = dev.dxpy.core.protocol.fb.TestResult.getRootAsTestResult(bb);
                return new TestResultMessage(r.nodeId(), outcome(r.outcome()), r.durationNs(), r.message(),
                        r.longrepr(), r.stdout(), r.stderr(), r.log(), r.runtimeExpanded(), r.fallbackReason(),
                        phase(r.phase()));
            }
            case FILE_DONE -> {
                var f = dev.dxpy.core.protocol.fb.FileDone.getRootAsFileDone(bb);
                return new FileDone(f.file(), f.error(), f.errorLine(), f.longrepr(), f.ignored());
            }
            case SHUTDOWN -> {
                return new Shutdown(dev.dxpy.core.protocol.fb.Shutdown.getRootAsShutdown(bb).reason());
            }
            case HEARTBEAT -> {
                return new Heartbeat(dev.dxpy.core.protocol.fb.Heartbeat.getRootAsHeartbeat(bb).sentNs());
            }
            case WORKER_ERROR -> {
                var e = dev.dxpy.core.protocol.fb.WorkerError.getRootAsWorkerError(bb);
                return new WorkerError(e.message(), e.traceback(), e.fatal());
            }
            case CLIENT_REQUEST -> {
                var r = dev.dxpy.core.protocol.fb.ClientRequest.getRootAsClientRequest(bb);
                return new ClientRequest(r.cwd(), list(r.argsLength(), r::args), list(r.envLength(), r::env));
            }
            case CLIENT_OUTPUT -> {
                var o = dev.dxpy.core.protocol.fb.ClientOutput.getRootAsClientOutput(bb);
                return new ClientOutput(o.text(), o.done(), o.exitCode());
            }
            case STOP_FILE -> {
                var f = dev.dxpy.core.protocol.fb.StopFile.getRootAsStopFile(bb);
                return new StopFile(f.file(), f.before());
            }
            case FRAMES_LOGGED -> {
                return new FramesLogged(dev.dxpy.core.protocol.fb.FramesLogged.getRootAsFramesLogged(bb).position());
            }
            case COLLECTED -> {
                var c = dev.dxpy.core.protocol.fb.Collected.getRootAsCollected(bb);
                var s = new dev.dxpy.core.protocol.fb.FileStamp();
                List<FileStamp> stamps = new ArrayList<>(c.stampsLength());
                for (int i = 0; i < c.stampsLength(); i++) {
                    c.stamps(s, i);
                    stamps.add(new FileStamp(s.path(), s.size(), s.mtimeNs()));
                }
                return new Collected(stamps);
            }
            default -> throw new IllegalStateException("unhandled message type " + type);
        }
    }

    private static String phase(int code) throws ProtocolException {
        if (code >= TestResultMessage.PHASES.size()) {
            throw new ProtocolException(ProtocolException.Kind.BAD_PAYLOAD,
                    "malformed TestResult payload: phase " + code + " is not one of 0..2 (call, setup, teardown);"
                            + " the peer wrote a different schema or the payload was corrupted");
        }
        return TestResultMessage.PHASES.get(code);
    }

    private static Outcome outcome(byte code) throws ProtocolException {
        if (code < 0 || code >= OUTCOMES.length) {
            throw new ProtocolException(ProtocolException.Kind.BAD_PAYLOAD,
                    "malformed TestResult payload: outcome " + code + " is not one of 0.." + (OUTCOMES.length - 1)
                            + " (passed..xpassed); the peer wrote a different schema or the payload was corrupted");
        }
        return OUTCOMES[code];
    }

    private static List<FixtureKey> fixtureKeys(dev.dxpy.core.protocol.fb.Configure c) {
        var k = new dev.dxpy.core.protocol.fb.FixtureKey();
        List<FixtureKey> out = new ArrayList<>(c.fixtureKeysLength());
        for (int i = 0; i < c.fixtureKeysLength(); i++) {
            c.fixtureKeys(k, i);
            out.add(new FixtureKey(k.name(), k.file(), k.key()));
        }
        return out;
    }

    private static List<String> list(int length, IntFunction<String> element) {
        List<String> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            out.add(element.apply(i));
        }
        return out;
    }
}

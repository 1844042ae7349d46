package dev.dxpy.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FrameCodecRoundTripTest {

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void randomMessagesOfEveryTypeSurviveEncodeAndDecode(MessageType type) throws ProtocolException {
        MessageSamples samples = new MessageSamples(type.code() * 7919L);
        for (int i = 0; i < 300; i++) {
            Message m = samples.of(type);
            long requestId = samples.requestId();
            Frame frame = FrameCodec.decode(FrameCodec.encode(requestId, m));
            assertThat(frame).isEqualTo(new Frame(type, requestId, m));
        }
    }

    @Test
    void headerFieldsAreLittleEndianAtTheirOffsets() throws ProtocolException {
        byte[] frame = FrameCodec.encode(0x0102030405060708L, new Heartbeat(42));
        ByteBuffer h = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(frame, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DXPY");
        assertThat(h.getShort(4)).isEqualTo((short) 1);
        assertThat(h.getShort(6)).isEqualTo((short) 8);
        assertThat(h.getInt(8)).isZero();
        assertThat(h.getInt(12)).isEqualTo(frame.length - 32);
        assertThat(h.getLong(16)).isEqualTo(0x0102030405060708L);
        CRC32 crc = new CRC32();
        crc.update(frame, 32, frame.length - 32);
        assertThat(h.getInt(24)).isEqualTo((int) crc.getValue());
        assertThat(h.getInt(28)).isZero();
        FrameHeader header = FrameCodec.decodeHeader(frame, 0);
        assertThat(header).isEqualTo(new FrameHeader(1, MessageType.HEARTBEAT, 0, frame.length - 32,
                0x0102030405060708L, (int) crc.getValue()));
    }

    @Test
    void absentStringsAndListsDecodeAsEmptyNeverNull() throws ProtocolException {
        Configure c = (Configure) FrameCodec.decode(FrameCodec.encode(1,
                new Configure(null, null, null, null, null, null, 0))).message();
        assertThat(c).isEqualTo(new Configure("", List.of(), List.of(), List.of(), List.of(), List.of(), 0));
        assertThat(c.collectAhead()).isEmpty();
        Collected none = (Collected) FrameCodec.decode(FrameCodec.encode(4, new Collected(null))).message();
        assertThat(none.stamps()).isEmpty();
        Collected blank = (Collected) FrameCodec.decode(FrameCodec.encode(5,
                new Collected(List.of(new FileStamp(null, -1, 0))))).message();
        assertThat(blank.stamps()).containsExactly(new FileStamp("", -1, 0));
        TestResultMessage r = (TestResultMessage) FrameCodec.decode(FrameCodec.encode(2,
                new TestResultMessage(null, Outcome.PASSED, 0, null, null, null, null, null, false))).message();
        assertThat(List.of(r.nodeId(), r.message(), r.longrepr(), r.stdout(), r.stderr(), r.log())).containsOnly("");
        assertThat(((FileDone) FrameCodec.decode(FrameCodec.encode(3, new FileDone("a.py", null, 0, null)))
                .message()).ok()).isTrue();
    }

    @Test
    void configureCarriesCollectAheadAndItsWithersKeepEachOthersFields() throws ProtocolException {
        FixtureKey key = new FixtureKey("db", "conftest.py", "ab".repeat(32));
        Configure c = new Configure("/r", List.of("test_*.py"), List.of(), List.of(), List.of(), List.of("numpy"), 5)
                .withCollectAhead(List.of("tests/test_a.py", "tests/sub/test_b.py"))
                .withFixtureKeys(List.of(key))
                .withPreload(List.of("pandas"));
        assertThat(c.collectAhead()).containsExactly("tests/test_a.py", "tests/sub/test_b.py");
        assertThat(c.fixtureKeys()).containsExactly(key);
        assertThat(c.preload()).containsExactly("pandas");
        assertThat(c.withCollectAhead(null).collectAhead()).isEmpty();
        assertThat(new Configure("/r", null, null, null, null, null, 0, List.of(key)).collectAhead()).isEmpty();
        assertThat(FrameCodec.decode(FrameCodec.encode(7, c)).message()).isEqualTo(c);
    }

    @Test
    void collectedCarriesStampsOfMissingPathsAndEmptyPathsInOrder() throws ProtocolException {
        Collected c = new Collected(List.of(new FileStamp("/r/tests/test_a.py", 812, 1_717_000_000_123_456_789L),
                new FileStamp("/r/tests", 4096, 1_717_000_000_000_000_000L), new FileStamp("/r/conftest.py", -1, 0),
                new FileStamp("", 0, 0), new FileStamp("/r/tests/test_a.py", 812, 1_717_000_000_123_456_789L)));
        Collected back = (Collected) FrameCodec.decode(FrameCodec.encode(8, c)).message();
        assertThat(back).isEqualTo(c);
        assertThat(back.stamps().get(2).size()).isEqualTo(-1);
        assertThat(back.type()).isEqualTo(MessageType.COLLECTED);
    }

    @Test
    void unpairedSurrogatesAreSentAsQuestionMarks() throws ProtocolException {
        Message m = FrameCodec.decode(FrameCodec.encode(1, new TestStarted("a\uD800b"))).message();
        assertThat(m).isEqualTo(new TestStarted("a?b"));
    }

    @Test
    void writerAndReaderCarryAStreamOfFramesUntilCleanEof() throws IOException {
        List<Message> messages = new MessageSamples(99).all(20);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (FrameWriter writer = new FrameWriter(bytes)) {
            for (int i = 0; i < messages.size(); i++) {
                writer.write(i, messages.get(i));
            }
        }
        List<Frame> read = new ArrayList<>();
        try (FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes.toByteArray()))) {
            for (Frame f = reader.read(); f != null; f = reader.read()) {
                read.add(f);
            }
        }
        assertThat(read).hasSize(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertThat(read.get(i)).isEqualTo(new Frame(messages.get(i).type(), i, messages.get(i)));
        }
    }

    @Test
    void readerHandlesAStreamThatDeliversOneByteAtATime() throws IOException {
        byte[] frame = FrameCodec.encode(5, new Shutdown("bye"));
        ByteArrayInputStream slow = new ByteArrayInputStream(frame) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        FrameReader reader = new FrameReader(slow);
        assertThat(reader.read()).isEqualTo(new Frame(MessageType.SHUTDOWN, 5, new Shutdown("bye")));
        assertThat(reader.read()).isNull();
    }

    @Test
    void messageTypesRoundTripTheirCodes() throws ProtocolException {
        for (MessageType t : MessageType.values()) {
            assertThat(MessageType.of(t.code())).isSameAs(t);
        }
        assertThat(MessageType.values()).extracting(MessageType::code).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    }
}

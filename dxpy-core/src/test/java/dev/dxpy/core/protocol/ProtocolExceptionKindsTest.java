package dev.dxpy.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dxpy.core.protocol.ProtocolException.Kind;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.CRC32;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every {@link Kind}, provoked by a crafted frame, with a message that names the values seen. */
class ProtocolExceptionKindsTest {

    private static final Set<Kind> SEEN = EnumSet.noneOf(Kind.class);

    private static byte[] valid() {
        return FrameCodec.encode(7, new TestStarted("tests/test_a.py::test_one"));
    }

    private static byte[] withInt(byte[] frame, int offset, int value) {
        byte[] copy = frame.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    private static byte[] withShort(byte[] frame, int offset, int value) {
        byte[] copy = frame.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        return copy;
    }

    /** A frame of {@code type} whose payload is {@code payload}, with a correct CRC. */
    static byte[] frameWithPayload(MessageType type, byte[] payload) {
        byte[] frame = new byte[32 + payload.length];
        System.arraycopy(payload, 0, frame, 32, payload.length);
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).put("DXPY".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 1).putShort((short) type.code()).putInt(0).putInt(payload.length).putLong(1)
                .putInt((int) crc.getValue()).putInt(0);
        return frame;
    }

    private static AbstractThrowableAssert<?, ?> decoding(byte[] frame, Kind kind) {
        SEEN.add(kind);
        return assertThatThrownBy(() -> FrameCodec.decode(frame)).isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).kind()).isEqualTo(kind));
    }

    private static AbstractThrowableAssert<?, ?> reading(byte[] stream, Kind kind) {
        SEEN.add(kind);
        return assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(stream)).read())
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).kind()).isEqualTo(kind));
    }

    @Test
    void truncatedHeader() {
        reading(Arrays.copyOf(valid(), 20), Kind.TRUNCATED_HEADER).hasMessageContaining("20 of 32 bytes");
        decoding(Arrays.copyOf(valid(), 31), Kind.TRUNCATED_HEADER).hasMessageContaining("31 of 32 bytes");
    }

    @Test
    void badMagicNamesTheBytesSeenAndShowsThemAsText() {
        byte[] stray = "ABCD a print() to stdout, oops!!! and more".getBytes(StandardCharsets.US_ASCII);
        reading(stray, Kind.BAD_MAGIC).hasMessageStartingWith(
                "bad magic 0x41424344, expected 0x44585059 ('DXPY'): the peer is not a dxpy worker or wrote to the"
                        + " channel").hasMessageContaining("ABCD a print() to stdout");
    }

    @Test
    void unsupportedVersion() {
        decoding(withShort(valid(), 4, 2), Kind.UNSUPPORTED_VERSION)
                .hasMessageContaining("protocol version 2 is not supported, expected 1");
    }

    @Test
    void unknownType() {
        decoding(withShort(valid(), 6, 0), Kind.UNKNOWN_TYPE).hasMessageContaining("unknown message type 0");
        decoding(withShort(valid(), 6, 0xFFFF), Kind.UNKNOWN_TYPE).hasMessageContaining("65535");
        assertThatThrownBy(() -> MessageType.of(15)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown message type 15, expected 1..14");
    }

    @Test
    void unknownFlagsAndUnusableSharedMemoryReferencesAreRejected() {
        decoding(withInt(valid(), 8, 0x10), Kind.BAD_FLAGS).hasMessageContaining("unknown flags 0x00000010");
        decoding(withInt(valid(), 8, 0x11), Kind.BAD_FLAGS).hasMessageContaining("unknown flags 0x00000011");
        byte[] sharedHeader = Arrays.copyOf(withInt(valid(), 8, 1), 32);
        decoding(sharedHeader, Kind.BAD_SHARED_MEMORY).hasMessageContaining("no shared memory ring");
        reading(sharedHeader, Kind.BAD_SHARED_MEMORY).hasMessageContaining("TEST_STARTED");
        decoding(withInt(valid(), 8, 1), Kind.BAD_PAYLOAD).hasMessageContaining("must be the 32-byte header only");
    }

    @Test
    void lengthTooLarge() {
        decoding(withInt(valid(), 12, FrameCodec.MAX_PAYLOAD + 1), Kind.LENGTH_TOO_LARGE)
                .hasMessageContaining("payload length 67108865").hasMessageContaining("64 MiB");
        reading(withInt(valid(), 12, -1), Kind.LENGTH_TOO_LARGE).hasMessageContaining("payload length 4294967295");
    }

    @Test
    void truncatedPayload() {
        byte[] frame = valid();
        reading(Arrays.copyOf(frame, frame.length - 3), Kind.TRUNCATED_PAYLOAD)
                .hasMessageContaining((frame.length - 35) + " of " + (frame.length - 32) + " bytes");
        decoding(Arrays.copyOf(frame, 32), Kind.TRUNCATED_PAYLOAD).hasMessageContaining("0 of");
    }

    @Test
    void badChecksum() {
        byte[] frame = valid();
        frame[frame.length - 2] ^= 0x40;
        decoding(frame, Kind.BAD_CHECKSUM).hasMessageMatching(
                "payload CRC32 0x[0-9A-F]{8} of a \\d+-byte TEST_STARTED frame does not match the header's .*");
    }

    @Test
    void badPayloads() {
        decoding(frameWithPayload(MessageType.HEARTBEAT, new byte[] {1, 2}), Kind.BAD_PAYLOAD)
                .hasMessageContaining("too short");
        decoding(frameWithPayload(MessageType.HEARTBEAT, new byte[] {(byte) 0xF0, 0, 0, 0, 0, 0, 0, 0}),
                Kind.BAD_PAYLOAD).hasMessageContaining("Heartbeat: table at 240 is outside the payload");
        byte[] payload = Arrays.copyOfRange(valid(), 32, valid().length);
        ByteBuffer bb = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int stringAt = fieldAt(payload, 0) + bb.getInt(fieldAt(payload, 0));
        bb.putInt(stringAt, 1000);
        decoding(frameWithPayload(MessageType.TEST_STARTED, payload), Kind.BAD_PAYLOAD)
                .hasMessageContaining("TestStarted.node_id");
        byte[] extra = Arrays.copyOf(valid(), valid().length + 1);
        decoding(extra, Kind.BAD_PAYLOAD).hasMessageContaining("1 bytes after its");
    }

    @Test
    void outcomeOutOfRangeIsABadPayload() throws ProtocolException {
        byte[] frame = FrameCodec.encode(1, new TestResultMessage("t", dev.dxpy.core.api.Outcome.XPASSED, 0, "", "",
                "", "", "", false));
        byte[] payload = Arrays.copyOfRange(frame, 32, frame.length);
        payload[fieldAt(payload, 1)] = 9;
        decoding(frameWithPayload(MessageType.TEST_RESULT, payload), Kind.BAD_PAYLOAD)
                .hasMessageContaining("outcome 9 is not one of 0..5");
    }

    @Test
    void invalidUtf8IsABadPayload() {
        byte[] payload = Arrays.copyOfRange(valid(), 32, valid().length);
        ByteBuffer bb = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int at = fieldAt(payload, 0) + bb.getInt(fieldAt(payload, 0)) + 4;
        payload[at] = (byte) 0xC3;
        payload[at + 1] = (byte) 0x28;
        decoding(frameWithPayload(MessageType.TEST_STARTED, payload), Kind.BAD_PAYLOAD)
                .hasMessageContaining("TestStarted");
    }

    @Test
    void reservedNotZero() {
        decoding(withInt(valid(), 28, 0xCAFE), Kind.RESERVED_NOT_ZERO).hasMessageContaining("0x0000CAFE");
    }

    @AfterAll
    static void everyKindWasProvoked() {
        assertThat(SEEN).containsExactlyInAnyOrder(Kind.values());
    }

    /** Where field {@code index} of the root table of {@code payload} lies. */
    static int fieldAt(byte[] payload, int index) {
        ByteBuffer bb = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int table = bb.getInt(0);
        int vtable = table - bb.getInt(table);
        int offset = bb.getShort(vtable + 4 + 2 * index);
        assertThat(offset).as("field %d is present", index).isPositive();
        return table + offset;
    }
}

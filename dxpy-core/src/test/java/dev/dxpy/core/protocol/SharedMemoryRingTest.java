package dev.dxpy.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames whose payloads travel through a {@link SharedMemoryRing}: round trips, wrap-around, bad references. */
class SharedMemoryRingTest {
    @TempDir
    Path dir;

    private static String big(int n, char c) {
        return String.valueOf(c).repeat(n);
    }

    private static TestResultMessage failing(int i, int size) {
        return new TestResultMessage("tests/test_a.py::test_" + i, dev.dxpy.core.api.Outcome.FAILED, i,
                "assert " + i, big(size, 'x'), big(size / 2, 'o'), "", "", false);
    }

    @Test
    void everyMessageTypeRoundTripsThroughTheRingOrInline() throws IOException {
        try (SharedMemoryRing ring = SharedMemoryRing.create(dir.resolve("r"), 1 << 16)) {
            long shared = 0;
            for (Message m : new MessageSamples(77).all(20)) {
                byte[] frame = FrameCodec.encode(42, m, ring);
                FrameHeader h = FrameCodec.decodeHeader(frame, 0);
                if (h.shared()) {
                    shared++;
                    assertThat(frame).hasSize(32);
                    assertThat(h.payloadLength()).isGreaterThan(SharedMemoryRing.THRESHOLD);
                } else {
                    assertThat(h.payloadLength()).isLessThanOrEqualTo(SharedMemoryRing.THRESHOLD);
                }
                assertThat(FrameCodec.decode(frame, ring)).isEqualTo(new Frame(m.type(), 42, m));
            }
            for (int i = 0; i < 30; i++) {
                Message m = failing(i, 2000);
                byte[] frame = FrameCodec.encode(i, m, ring);
                assertThat(FrameCodec.decodeHeader(frame, 0).shared()).isTrue();
                assertThat(FrameCodec.decode(frame, ring).message()).isEqualTo(m);
            }
            assertThat(shared).as("the samples include payloads over 1 KB").isPositive();
        }
    }

    @Test
    void aReaderThatFallsBehindMakesTheWriterGoInlineAndNothingIsOverwritten() throws IOException {
        try (SharedMemoryRing ring = SharedMemoryRing.create(dir.resolve("r"), 8192)) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            List<Message> sent = new ArrayList<>();
            Random random = new Random(3);
            int inline = 0;
            for (int round = 0; round < 20; round++) {
                stream.reset();
                sent.clear();
                for (int i = 0; i < 6; i++) { // 6 x ~3 KB into an 8 KB ring before the reader reads
                    Message m = failing(round * 10 + i, 1500 + random.nextInt(1500));
                    sent.add(m);
                    byte[] frame = FrameCodec.encode(i, m, ring);
                    inline += FrameCodec.decodeHeader(frame, 0).shared() ? 0 : 1;
                    stream.write(frame);
                }
                FrameReader reader = new FrameReader(new ByteArrayInputStream(stream.toByteArray()), ring);
                for (Message m : sent) {
                    assertThat(reader.read().message()).isEqualTo(m);
                }
                assertThat(reader.read()).isNull();
            }
            assertThat(inline).as("a full ring sends inline").isPositive();
        }
    }

    @Test
    void referencesOutsideTheRingAreProtocolErrors() throws IOException {
        try (SharedMemoryRing ring = SharedMemoryRing.create(dir.resolve("r"), 4096)) {
            byte[] frame = FrameCodec.encode(1, failing(1, 1200), ring);
            assertThat(frame).hasSize(32);
            for (int[] bad : new int[][] {{4000, 1200}, {-1, 1200}, {0, 5000}}) {
                byte[] f = frame.clone();
                ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(28, bad[0]).putInt(12, bad[1]);
                assertThatThrownBy(() -> FrameCodec.decode(f, ring)).isInstanceOf(ProtocolException.class)
                        .hasMessageContaining("lies outside the 4096-byte ring")
                        .satisfies(e -> assertThat(((ProtocolException) e).kind())
                                .isEqualTo(ProtocolException.Kind.BAD_SHARED_MEMORY));
            }
            byte[] shifted = frame.clone();
            ByteBuffer.wrap(shifted).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 8);
            assertThatThrownBy(() -> FrameCodec.decode(shifted, ring)).isInstanceOf(ProtocolException.class)
                    .satisfies(e -> assertThat(((ProtocolException) e).kind()).isEqualTo(ProtocolException.Kind.BAD_CHECKSUM));
        }
    }

    @Test
    void fuzzedSharedHeadersOnlyYieldProtocolExceptionsOrValidFrames() throws IOException {
        Random random = new Random(99);
        try (SharedMemoryRing ring = SharedMemoryRing.create(dir.resolve("r"), 1 << 14)) {
            int decoded = 0;
            for (int i = 0; i < 5000; i++) {
                byte[] frame = FrameCodec.encode(i, failing(i, 1100 + random.nextInt(3000)), ring);
                ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
                switch (i % 4) {
                    case 0 -> b.putInt(28, random.nextInt());
                    case 1 -> b.putInt(12, random.nextInt(1 << 15));
                    case 2 -> frame[8 + random.nextInt(24)] ^= (byte) (1 << random.nextInt(8));
                    default -> { }
                }
                try {
                    Frame f = FrameCodec.decode(frame, ring);
                    assertThat(f.message().type()).isEqualTo(MessageType.TEST_RESULT);
                    decoded++;
                } catch (ProtocolException e) {
                    assertThat(e.getMessage()).isNotBlank();
                }
            }
            assertThat(decoded).isGreaterThan(1000);
        }
    }

    @Test
    void closeDeletesTheFile() throws IOException {
        Path file = dir.resolve("gone");
        SharedMemoryRing.create(file, 4096).close();
        assertThat(Files.exists(file)).isFalse();
    }
}

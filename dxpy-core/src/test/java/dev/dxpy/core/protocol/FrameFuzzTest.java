package dev.dxpy.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Throws random bytes and mutated valid frames at {@link FrameCodec} and {@link FrameReader}: the only
 * outcomes allowed are a {@link ProtocolException} or a frame that re-encodes to itself.
 */
class FrameFuzzTest {

    private static final int CASES = 30_000;

    private final Random random = new Random(20240611L);
    private final List<byte[]> seeds = new MessageSamples(4242).all(4).stream()
            .map(m -> FrameCodec.encode(random.nextLong(), m)).toList();
    private final Map<ProtocolException.Kind, Integer> kinds = new EnumMap<>(ProtocolException.Kind.class);
    private int decoded;
    private int rejected;

    @Test
    void mutatedAndRandomFramesOnlyEverYieldProtocolExceptionsOrValidFrames() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] input = mutate(i);
                try {
                    check(input);
                } catch (Throwable t) {
                    throw new AssertionError("case " + i + " threw " + t + " for " + hex(input), t);
                }
            }
        });
        assertThat(decoded).as("some mutations still decode").isPositive();
        assertThat(rejected).as("most mutations are rejected").isGreaterThan(CASES);
        assertThat(kinds.getOrDefault(ProtocolException.Kind.BAD_PAYLOAD, 0))
                .as("the payload verifier is exercised, not only the header checks: %s", kinds)
                .isGreaterThan(CASES / 10);
    }

    private void check(byte[] input) throws IOException {
        try {
            Frame frame = FrameCodec.decode(input);
            decoded++;
            assertThat(frame.message().type()).isEqualTo(frame.type());
            assertThat(FrameCodec.decode(FrameCodec.encode(frame.requestId(), frame.message()))).isEqualTo(frame);
        } catch (ProtocolException e) {
            rejected++;
            kinds.merge(e.kind(), 1, Integer::sum);
            assertThat(e.getMessage()).isNotBlank();
        }
        try (FrameReader reader = new FrameReader(new ByteArrayInputStream(input))) {
            for (int n = 0; n < 3 && reader.read() != null; n++) {
                decoded++;
            }
        } catch (ProtocolException e) {
            rejected++;
        }
    }

    private byte[] mutate(int i) {
        byte[] seed = seeds.get(random.nextInt(seeds.size()));
        return switch (i % 8) {
            case 0 -> randomBytes();
            case 1 -> flipBits(seed.clone(), 1 + random.nextInt(8), 0);
            case 2 -> Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            case 3 -> withLength(seed.clone(), random.nextBoolean() ? random.nextInt() : random.nextInt(seed.length * 2));
            case 4, 5 -> fixCrc(flipBits(seed.clone(), 1 + random.nextInt(6), 32));
            case 6 -> fixCrc(overwriteInt(seed.clone()));
            default -> fixCrc(validHeaderRandomPayload());
        };
    }

    private byte[] randomBytes() {
        byte[] b = new byte[random.nextInt(120)];
        random.nextBytes(b);
        if (b.length >= 4 && random.nextBoolean()) {
            b[0] = 'D';
            b[1] = 'X';
            b[2] = 'P';
            b[3] = 'Y';
        }
        return b;
    }

    private byte[] flipBits(byte[] b, int flips, int from) {
        if (b.length <= from) {
            return b;
        }
        for (int k = 0; k < flips; k++) {
            int at = from + random.nextInt(b.length - from);
            b[at] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
    }

    private byte[] withLength(byte[] b, int length) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, length);
        return b;
    }

    /** Overwrites an aligned word of the payload with a small, large or negative number. */
    private byte[] overwriteInt(byte[] b) {
        if (b.length < 36) {
            return b;
        }
        int at = 32 + 4 * random.nextInt((b.length - 32) / 4);
        int value = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(64);
            case 1 -> -random.nextInt(64);
            case 2 -> random.nextInt();
            default -> Integer.MAX_VALUE - random.nextInt(8);
        };
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return b;
    }

    private byte[] validHeaderRandomPayload() {
        byte[] payload = new byte[random.nextInt(80)];
        random.nextBytes(payload);
        MessageType type = MessageType.values()[random.nextInt(MessageType.values().length)];
        return ProtocolExceptionKindsTest.frameWithPayload(type, payload);
    }

    /** Makes the header's CRC match the (mutated) payload so the payload verifier is what gets tested. */
    private static byte[] fixCrc(byte[] b) {
        if (b.length < 32) {
            return b;
        }
        CRC32 crc = new CRC32();
        crc.update(b, 32, b.length - 32);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(24, (int) crc.getValue());
        return b;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}

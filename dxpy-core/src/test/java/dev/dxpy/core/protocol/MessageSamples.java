package dev.dxpy.core.protocol;

import dev.dxpy.core.api.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random messages of every type: unicode and empty strings, empty and long lists, extreme numbers. */
final class MessageSamples {

    private static final int[] CODE_POINTS = {
        'a', 'z', 'A', '0', ' ', '/', ':', '[', ']', '\n', '\t', 0, '"', '\\', 0xE9, 0x3B1, 0x4E2D, 0x20AC, 0xFFFD,
        0x1F600, 0x10348, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF,
    };
    private static final long[] LONGS = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, 1L << 32};
    private static final int[] INTS = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 65535};

    private final Random random;

    MessageSamples(long seed) {
        this.random = new Random(seed);
    }

    /** One message of each type, then {@code perType - 1} more of each, in type order. */
    List<Message> all(int perType) {
        List<Message> out = new ArrayList<>();
        for (MessageType type : MessageType.values()) {
            for (int i = 0; i < perType; i++) {
                out.add(of(type));
            }
        }
        return out;
    }

    Message of(MessageType type) {
        return switch (type) {
            case HELLO -> new Hello(random.nextInt(65536), anInt(), text(), text(), text());
            case CONFIGURE -> new Configure(text(), texts(), texts(), texts(), texts(), texts(), aLong(), keys(), texts());
            case RUN_FILE -> new RunFile(text(), refs(), random.nextBoolean());
            case TEST_STARTED -> new TestStarted(text());
            case TEST_RESULT -> new TestResultMessage(text(), Outcome.values()[random.nextInt(6)], aLong(), text(),
                    text(), text(), text(), text(), random.nextBoolean(), text(),
                    TestResultMessage.PHASES.get(random.nextInt(3)));
            case FILE_DONE -> new FileDone(text(), text(), anInt(), text(), random.nextBoolean());
            case SHUTDOWN -> new Shutdown(text());
            case HEARTBEAT -> new Heartbeat(aLong());
            case WORKER_ERROR -> new WorkerError(text(), text(), random.nextBoolean());
            case CLIENT_REQUEST -> new ClientRequest(text(), texts(), texts());
            case CLIENT_OUTPUT -> new ClientOutput(text(), random.nextBoolean(), anInt());
            case STOP_FILE -> new StopFile(text(), text());
            case FRAMES_LOGGED -> new FramesLogged(aLong());
            case COLLECTED -> new Collected(stamps());
        };
    }

    long requestId() {
        return random.nextInt(3) == 0 ? LONGS[random.nextInt(LONGS.length)] : random.nextLong();
    }

    String text() {
        int length = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> random.nextInt(8);
            case 3 -> random.nextInt(60);
            default -> random.nextInt(400);
        };
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(random.nextInt(3) == 0
                    ? CODE_POINTS[random.nextInt(CODE_POINTS.length)]
                    : 0x20 + random.nextInt(0x5F));
        }
        return sb.toString();
    }

    private List<FixtureKey> keys() {
        int n = random.nextInt(3) == 0 ? random.nextInt(5) : 0;
        List<FixtureKey> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new FixtureKey(text(), text(), text()));
        }
        return out;
    }

    /** None, a few or many; some of paths that did not exist (size -1, mtime 0), some with an empty path. */
    private List<FileStamp> stamps() {
        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(random.nextInt(10) == 0 ? 300 : 8);
        List<FileStamp> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(random.nextInt(4) == 0 ? new FileStamp(text(), -1, 0) : new FileStamp(text(), aLong(), aLong()));
        }
        return out;
    }

    private List<String> texts() {
        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(random.nextInt(10) == 0 ? 200 : 6);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(text());
        }
        return out;
    }

    private List<TestRef> refs() {
        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(random.nextInt(10) == 0 ? 300 : 8);
        List<TestRef> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new TestRef(text(), random.nextBoolean()));
        }
        return out;
    }

    private int anInt() {
        return random.nextBoolean() ? INTS[random.nextInt(INTS.length)] : random.nextInt();
    }

    private long aLong() {
        return random.nextBoolean() ? LONGS[random.nextInt(LONGS.length)] : random.nextLong();
    }
}

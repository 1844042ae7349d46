package dev.dxpy.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dxpy.core.api.Outcome;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frame log between a worker and the engine: order, wrap-around, torn frames, a writer killed at any point, the running slot. */
class FrameLogTest {
    @TempDir
    Path dir;

    private static Message message(Random r, int i) {
        String id = "tests/test_m\u00e9.py::test_" + i + "x".repeat(r.nextInt(120));
        if (r.nextBoolean()) {
            return new TestStarted(id);
        }
        int longrepr = r.nextInt(4) == 0 ? r.nextInt(3000) : 0; // some over 1 KB: through the payload ring or inline
        return new TestResultMessage(id, Outcome.values()[r.nextInt(Outcome.values().length)], r.nextLong(),
                "m", "E".repeat(longrepr), "", "", "", r.nextBoolean());
    }

    private static List<Frame> drainAll(FrameLog log, SharedMemoryRing ring) throws ProtocolException {
        List<Frame> out = new ArrayList<>();
        log.drainAll(ring, out::add);
        return out;
    }

    @Test
    void framesComeOutInOrderAcrossTheEndOfTheLogWithPayloadsInTheRing() throws IOException {
        Random r = new Random(1);
        try (FrameLog log = FrameLog.create(dir.resolve("l"), 4096);
                SharedMemoryRing ring = SharedMemoryRing.create(dir.resolve("r"), 1 << 16)) {
            List<Frame> sent = new ArrayList<>();
            List<Frame> got = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                Message m = message(r, i);
                assertThat(log.append(FrameCodec.encode(i, m, ring))).isTrue();
                sent.add(new Frame(m.type(), i, m));
                if (r.nextInt(5) == 0) {
                    got.addAll(drainAll(log, ring));
                }
            }
            got.addAll(drainAll(log, ring));
            assertThat(got).isEqualTo(sent);
            assertThat(log.consumed()).isEqualTo(log.written()).isGreaterThan(4 * 4096);
        }
    }

    @Test
    void aDrainOfOneRequestStopsBeforeTheFramesOfTheNextAndAnotherDrainDeliversThem() throws IOException {
        try (FrameLog log = FrameLog.create(dir.resolve("l"), 4096)) {
            // request 7's frames, then those of request 8 (the file queued behind it), all published
            for (String t : List.of("a", "b")) {
                assertThat(log.append(FrameCodec.encode(7, new TestStarted("tests/t.py::test_" + t)))).isTrue();
            }
            assertThat(log.append(FrameCodec.encode(8, new TestStarted("tests/u.py::test_c")))).isTrue();
            assertThat(log.append(FrameCodec.encode(8, new TestStarted("tests/u.py::test_d")))).isTrue();
            List<Frame> got = new ArrayList<>();
            assertThat(log.drain(null, log.written(), 7, got::add)).isEqualTo(2); // strict up to the end: no error
            assertThat(got).extracting(Frame::requestId).containsExactly(7L, 7L);
            assertThat(log.peek(null, 7, got::add)).isZero();
            assertThat(log.peek(null, 8, got::add)).isEqualTo(2);
            assertThat(got).extracting(f -> ((TestStarted) f.message()).nodeId()).containsExactly(
                    "tests/t.py::test_a", "tests/t.py::test_b", "tests/u.py::test_c", "tests/u.py::test_d");
            assertThat(log.consumed()).isEqualTo(log.written());
        }
    }

    @Test
    void aDoorbellReadLateDeliversOnlyItsRequestsFramesNotThoseOfTheFileQueuedBehind() throws IOException {
        try (FrameLog log = FrameLog.create(dir.resolve("l"), 4096)) {
            // the worker logs two frames of request 7 and rings; the reader is slow: by the time it reads that
            // doorbell the worker has sent FILE_DONE(7) on the pipe and logged two frames of request 8, queued
            assertThat(log.append(FrameCodec.encode(7, new TestStarted("tests/t.py::test_a")))).isTrue();
            assertThat(log.append(FrameCodec.encode(7, new TestStarted("tests/t.py::test_b")))).isTrue();
            Frame bell = new Frame(MessageType.FRAMES_LOGGED, 7, new FramesLogged(log.written()));
            assertThat(log.append(FrameCodec.encode(8, new TestStarted("tests/u.py::test_c")))).isTrue();
            assertThat(log.append(FrameCodec.encode(8, new TestStarted("tests/u.py::test_d")))).isTrue();
            List<Frame> got = new ArrayList<>();
            assertThat(log.drainBefore(null, bell, got::add)).isEqualTo(2);
            assertThat(log.drainBefore(null, new Frame(MessageType.FILE_DONE, 7, new FileDone("tests/t.py", "", 0, "",
                    false)), got::add)).isZero();
            assertThat(got).extracting(Frame::requestId).containsExactly(7L, 7L);
            // request 8's own doorbell, or any frame without a request (HELLO, HEARTBEAT), takes the rest
            assertThat(log.drainBefore(null, new Frame(MessageType.HEARTBEAT, 0, new Heartbeat(1)), got::add)).isEqualTo(2);
            assertThat(got).extracting(Frame::requestId).containsExactly(7L, 7L, 8L, 8L);
        }
    }

    @Test
    void aFullLogRefusesAFrameAndTakesItOnceTheReaderCaughtUp() throws IOException {
        try (FrameLog log = FrameLog.create(dir.resolve("l"), 4096)) {
            byte[] frame = FrameCodec.encode(1, new TestStarted("t".repeat(900)));
            int fit = 4096 / frame.length;
            for (int i = 0; i < fit; i++) {
                assertThat(log.append(frame)).isTrue();
            }
            assertThat(log.append(frame)).isFalse();
            assertThat(log.written()).isEqualTo((long) fit * frame.length);
            assertThat(drainAll(log, null)).hasSize(fit);
            assertThat(log.append(frame)).isTrue();
        }
    }

    @Test
    void aFrameWrittenButNotPublishedIsNotThereAndNoErrorEvenAtTheEnd() throws IOException {
        try (FrameLog log = FrameLog.create(dir.resolve("l"), 4096)) {
            byte[] a = FrameCodec.encode(1, new TestStarted("tests/t.py::test_a"));
            byte[] b = FrameCodec.encode(2, new TestStarted("tests/t.py::test_b"));
            log.append(a);
            log.write(log.written(), b, 0, b.length - 3); // killed while writing b
            assertThat(drainAll(log, null)).extracting(Frame::requestId).containsExactly(1L);
        }
    }

    @Test
    void aPeekAtAFramePublishedBeforeItsBytesArrivedWaitsAndNeverSeesAnOldFrame() throws IOException {
        try (FrameLog log = FrameLog.create(dir.resolve("l"), 4096)) {
            byte[] frame = FrameCodec.encode(7, new TestStarted("tests/t.py::test_" + "z".repeat(300)));
            while (log.append(frame)) {
                // fill the data area with valid frames, which the reader then zeroes as it reads them
            }
            assertThat(drainAll(log, null)).isNotEmpty();
            long at = log.written();
            log.publish(at + frame.length); // a weakly ordered writer: the position is seen before the bytes
            List<Frame> got = new ArrayList<>();
            assertThat(log.peek(null, got::add)).isZero();
            assertThat(log.consumed()).isEqualTo(at);
            log.write(at, frame, 0, frame.length);
            assertThat(log.peek(null, got::add)).isEqualTo(1);
            assertThat(got).extracting(Frame::requestId).containsExactly(7L);
        }
    }

    @Test
    void aDoorbellWhoseFramesAreNotInTheLogIsACorruptedChannel() throws IOException {
        try (FrameLog log = FrameLog.create(dir.resolve("l"), 4096)) {
            log.append(FrameCodec.encode(1, new TestStarted("tests/t.py::test_a")));
            long rung = log.written() + 100;
            log.publish(rung);
            List<Frame> got = new ArrayList<>();
            assertThatThrownBy(() -> log.drain(null, rung, got::add)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("bad magic");
            assertThat(got).hasSize(1);
        }
    }

    /**
     * A simulated worker writes random frames (some with payloads in the ring, some over 1 KB inline), rings
     * random doorbells and is killed at a random point, possibly mid-frame; the reader meanwhile peeks and
     * answers doorbells, and reads everything at the end. It must deliver exactly the frames written whole,
     * in order, without an error.
     */
    @Test
    void aWriterKilledAtAnyPointLosesNoWholeFrameAndTheReaderDeliversEachOnceInOrder() throws Exception {
        for (int seed = 0; seed < 150; seed++) {
            Random r = new Random(seed);
            int capacity = 4096 + r.nextInt(8192);
            try (FrameLog log = FrameLog.create(dir.resolve("l" + seed), capacity);
                    SharedMemoryRing ring = SharedMemoryRing.create(dir.resolve("r" + seed), 8192)) {
                int count = r.nextInt(300);
                int kill = r.nextInt(count + 1);
                long writerSeed = r.nextLong();
                List<Frame> whole = Collections.synchronizedList(new ArrayList<>());
                BlockingQueue<Long> doorbells = new LinkedBlockingQueue<>();
                AtomicInteger state = new AtomicInteger(); // 1: the writer died
                Thread writer = new Thread(() -> {
                    Random w = new Random(writerSeed);
                    for (int i = 0; i < count; i++) {
                        Message m = message(w, i);
                        byte[] frame = FrameCodec.encode(i, m, w.nextBoolean() ? ring : null);
                        if (i == kill) {
                            // dies mid-frame; like append (and the worker, which checks the free space first) it
                            // writes only into free space: a partial write over unread frames is not a crash a
                            // real writer can have (the test did that when the log was nearly full: a flaky failure)
                            while (log.written() + frame.length - log.consumed() > capacity) {
                                Thread.onSpinWait();
                            }
                            log.write(log.written(), frame, 0, w.nextInt(frame.length));
                            break;
                        }
                        while (!log.append(frame)) {
                            Thread.onSpinWait(); // full: wait for the reader, as the worker's pipe fallback would
                        }
                        whole.add(new Frame(m.type(), i, m));
                        if (w.nextInt(6) == 0) {
                            doorbells.add(log.written());
                        }
                    }
                    state.set(1);
                });
                writer.start();
                List<Frame> got = new ArrayList<>();
                while (state.get() == 0 || !doorbells.isEmpty()) {
                    Long bell = doorbells.poll(r.nextInt(2), TimeUnit.MILLISECONDS);
                    if (bell != null) {
                        log.drain(ring, bell, got::add);
                    } else {
                        log.peek(ring, got::add);
                    }
                }
                writer.join();
                log.drainAll(ring, got::add); // the pipe ended: everything published
                assertThat(got).as("seed %d, %d frames, killed at %d", seed, count, kill).isEqualTo(whole);
            }
        }
    }

    @Test
    void theRunningSlotNamesTheLastAnnouncedTestWithItsRequestAndNothingWhileBeingWrittenOrDamaged() throws IOException {
        Path p = dir.resolve("slot");
        int capacity = 4100; // not a multiple of 8: the slot starts at the next one
        try (FrameLog log = FrameLog.create(p, capacity)) {
            assertThat(log.running()).isNull();
            long seq0 = log.runningSeq();
            log.setRunning(7, "tests/test_\u00e9.py::test_a[x-y]");
            FrameLog.Running r = log.running();
            assertThat(r.requestId()).isEqualTo(7);
            assertThat(r.nodeId()).isEqualTo("tests/test_\u00e9.py::test_a[x-y]");
            assertThat(log.runningSeq()).isNotEqualTo(seq0).isEqualTo(r.seq());
            log.setRunning(8, "t.py::" + "x".repeat(FrameLog.SLOT_ID_BYTES - 6));
            assertThat(log.running().nodeId()).hasSize(FrameLog.SLOT_ID_BYTES);
            log.setRunning(9, null); // emptied: the next test's start comes as a frame
            assertThat(log.running()).isNull();

            // the worker's side of the same file (as it maps it): a slot being written, and a damaged length
            int slot = (FrameLog.CONTROL + capacity + 7) & ~7;
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                assertThat(ch.size()).isEqualTo(slot + FrameLog.SLOT_BYTES);
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
                m.order(ByteOrder.LITTLE_ENDIAN);
                log.setRunning(10, "t.py::test_b");
                long seq = m.getLong(slot);
                m.putLong(slot, seq + 1);
                assertThat(log.running()).isNull();
                m.putLong(slot, seq + 2);
                assertThat(log.running().nodeId()).isEqualTo("t.py::test_b");
                m.putInt(slot + 16, FrameLog.SLOT_ID_BYTES + 1);
                assertThat(log.running()).isNull();
                m.putInt(slot + 16, -1);
                assertThat(log.running()).isNull();
            }
        }
    }
}

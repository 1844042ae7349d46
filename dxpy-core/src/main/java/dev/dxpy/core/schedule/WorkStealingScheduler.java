package dev.dxpy.core.schedule;

import dev.dxpy.core.api.CollectedTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;

/**
 * One thread per worker, each with its own deque of file tasks. Files are dealt longest first (by their
 * duration in earlier runs, else by test count) to the deque with the least work so far, except that files
 * given as {@code first} (those that failed last time) are dealt before all others; a thread whose
 * deque is empty steals from the tail (the shortest files) of the fullest other deque. Whole files move,
 * so module and class fixtures run once per file.
 */
public final class WorkStealingScheduler implements Scheduler {
    private final int workers;
    private final WorkerFactory factory;
    private final Duration timeout;
    private final Map<String, Long> knownNanos;
    private final Set<String> first;

    public WorkStealingScheduler(int workers, WorkerFactory factory, Duration timeout) {
        this(workers, factory, timeout, Map.of());
    }

    /** @param knownNanos earlier durations by file, used to start the longest files first */
    public WorkStealingScheduler(int workers, WorkerFactory factory, Duration timeout, Map<String, Long> knownNanos) {
        this(workers, factory, timeout, knownNanos, Set.of());
    }

    /**
     * @param knownNanos earlier durations by file, used to start the longest files first
     * @param first      files dealt (and so started) before all others, longest first among them
     */
    public WorkStealingScheduler(int workers, WorkerFactory factory, Duration timeout, Map<String, Long> knownNanos,
            Set<String> first) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1");
        }
        this.workers = workers;
        this.factory = factory;
        this.timeout = timeout;
        this.knownNanos = Map.copyOf(knownNanos);
        this.first = Set.copyOf(first);
    }

    @Override
    public boolean run(List<FileTask> tasks, ResultSink sink) {
        int n = Math.max(1, Math.min(workers, tasks.size()));
        List<ConcurrentLinkedDeque<FileTask>> deques = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            deques.add(new ConcurrentLinkedDeque<>());
        }
        List<List<FileTask>> shares = deal(tasks, n);
        for (int i = 0; i < n; i++) {
            deques.get(i).addAll(shares.get(i));
        }
        CountDownLatch done = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int me = i;
            Thread t = new Thread(() -> {
                try (FileRunner runner = new FileRunner("gw" + me, factory, timeout, sink)) {
                    FileTask task;
                    while ((task = next(deques, me)) != null && !Thread.currentThread().isInterrupted()) {
                        runner.run(task);
                    }
                } finally {
                    done.countDown();
                }
            }, "dxpy-scheduler-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            done.await();
            return true;
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Longest-processing-time-first: each file, longest first, to the share with the least work so far; the
     * {@code first} files before the rest, so each share starts with them.
     */
    List<List<FileTask>> deal(List<FileTask> tasks, int n) {
        long perTest = estimatePerTest();
        List<FileTask> ordered = new ArrayList<>(tasks);
        Map<FileTask, Long> cost = new IdentityHashMap<>();
        for (FileTask t : ordered) {
            cost.put(t, knownNanos.getOrDefault(t.file(), weight(t) * perTest));
        }
        ordered.sort(Comparator.comparing((FileTask t) -> !first.contains(t.file()))
                .thenComparing(Comparator.comparingLong((FileTask t) -> cost.get(t)).reversed())
                .thenComparing(FileTask::file));
        List<List<FileTask>> shares = new ArrayList<>();
        long[] load = new long[n];
        for (int i = 0; i < n; i++) {
            shares.add(new ArrayList<>());
        }
        for (FileTask t : ordered) {
            int least = 0;
            for (int i = 1; i < n; i++) {
                if (load[i] < load[least]) {
                    least = i;
                }
            }
            shares.get(least).add(t);
            load[least] += Math.max(1, cost.get(t));
        }
        return shares;
    }

    /** For files never timed: the mean known time per file divided by a typical file's tests, or 1 ms. */
    private long estimatePerTest() {
        if (knownNanos.isEmpty()) {
            return 1_000_000;
        }
        long total = 0;
        for (long v : knownNanos.values()) {
            total += v;
        }
        return Math.max(1, total / knownNanos.size() / 10);
    }

    private static int weight(FileTask t) {
        int w = 0;
        for (CollectedTest c : t.tests()) {
            w += c.runtimeParametrized() ? 4 : 1;
        }
        return w;
    }

    private static FileTask next(List<ConcurrentLinkedDeque<FileTask>> deques, int me) {
        FileTask own = deques.get(me).pollFirst();
        if (own != null) {
            return own;
        }
        while (true) {
            ConcurrentLinkedDeque<FileTask> victim = null;
            int most = 0;
            for (int i = 0; i < deques.size(); i++) {
                int size = deques.get(i).size();
                if (i != me && size > most) {
                    most = size;
                    victim = deques.get(i);
                }
            }
            if (victim == null) {
                return null;
            }
            FileTask stolen = victim.pollLast();
            if (stolen != null) {
                return stolen;
            }
        }
    }
}

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
import java.util.concurrent.ExecutionException;

/**
 * One thread per worker, each with its own deque of file tasks. Files are dealt longest first (by their
 * duration in earlier runs, else by test count) to the deque with the least work so far, except that files
 * given as {@code first} (those that failed last time) are dealt before all others; a thread whose
 * deque is empty steals from the tail (the shortest files) of the fullest other deque. Whole files move,
 * so module and class fixtures run once per file. When no whole file is left, an idle thread takes the back
 * half of the tests not yet started of the file another slot runs (the one with the most waiting; at least
 * two): that file's module fixtures then run on both workers, as under pytest-xdist's {@code --dist load}.
 * An idle thread keeps looking while another slot is busy, so a file split late can be split again.
 * Each slot takes its next whole file as it starts one, so that its worker has it queued (FileRunner).
 */
public final class WorkStealingScheduler implements Scheduler {
    /** How long an idle thread waits between looks for a file to split. */
    private static final long IDLE_POLL_MS = 5;
    private final int workers;
    private final WorkerFactory factory;
    private final Duration timeout;
    private final Map<String, Long> knownNanos;
    private final Set<String> first;
    private boolean closeInBackground;
    /** Counted down as each slot's worker has exited; null before {@link #run}. */
    private volatile CountDownLatch closed;

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

    /**
     * Makes {@link #run} return once every result is in, while the workers are still shutting down (session
     * teardown, process exit); {@link #awaitClosed()} waits for them. The engine reports the run meanwhile.
     */
    public WorkStealingScheduler closeInBackground() {
        this.closeInBackground = true;
        return this;
    }

    /** Waits until the workers of the last {@link #run} have exited (at once unless closing in background). */
    public void awaitClosed() {
        CountDownLatch c = closed;
        if (c == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                c.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a worker exits within its close timeout: no worker outlives the run
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
        CountDownLatch exited = new CountDownLatch(n);
        closed = exited;
        boolean background = closeInBackground;
        List<Thread> threads = new ArrayList<>();
        List<FileRunner> runners = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runners.add(new FileRunner("gw" + i, factory, timeout, sink));
        }
        for (int i = 0; i < n; i++) {
            int me = i;
            Thread t = new Thread(() -> {
                FileRunner runner = runners.get(me);
                try {
                    FileTask task = next(deques, runners, me);
                    while (task != null && !Thread.currentThread().isInterrupted()) {
                        FileTask queued = runner.run(task, () -> nextWhole(deques, me));
                        task = queued != null ? queued : next(deques, runners, me);
                    }
                } finally {
                    if (background) {
                        done.countDown(); // every result of this slot is in; its worker exits meanwhile
                    }
                    try {
                        runner.close();
                    } finally {
                        exited.countDown();
                        if (!background) {
                            done.countDown();
                        }
                    }
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
            awaitQuietly(done); // each thread kills its worker: none outlives the run
            awaitQuietly(exited);
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

    private static void awaitQuietly(CountDownLatch done) {
        try {
            done.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException again) {
            // interrupted twice: give up waiting
        }
    }

    /** This thread's next task: its own, a whole file stolen, or the tail of a file another slot runs; null when done. */
    private static FileTask next(List<ConcurrentLinkedDeque<FileTask>> deques, List<FileRunner> runners, int me) {
        FileTask whole = nextWhole(deques, me);
        if (whole != null) {
            return whole;
        }
        while (!Thread.currentThread().isInterrupted()) {
            FileRunner victim = null;
            boolean othersBusy = false;
            for (int i = 0; i < runners.size(); i++) {
                FileRunner r = runners.get(i);
                if (i != me && r.busy()) {
                    othersBusy = true;
                    if (r.waiting() >= 2 && (victim == null || r.waiting() > victim.waiting())) {
                        victim = r;
                    }
                }
            }
            if (victim == null) {
                if (!othersBusy) {
                    return null;
                }
                try {
                    Thread.sleep(IDLE_POLL_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                continue;
            }
            FileRunner.Tail tail = victim.stealTail();
            if (tail == null) {
                continue; // it moved on meanwhile
            }
            try {
                List<CollectedTest> got = tail.tests().get();
                if (!got.isEmpty()) {
                    return new FileTask(tail.file(), got);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return null;
    }

    private static FileTask nextWhole(List<ConcurrentLinkedDeque<FileTask>> deques, int me) {
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

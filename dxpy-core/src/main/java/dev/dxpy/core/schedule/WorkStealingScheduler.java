package dev.dxpy.core.schedule;

import dev.dxpy.core.api.CollectedTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;

/**
 * One thread per worker, each with its own deque of file tasks, biggest files first; a thread whose
 * deque is empty steals from the tail of the fullest other deque. Whole files move, so module and
 * class fixtures run once per file.
 */
public final class WorkStealingScheduler implements Scheduler {
    private final int workers;
    private final WorkerFactory factory;
    private final Duration timeout;

    public WorkStealingScheduler(int workers, WorkerFactory factory, Duration timeout) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1");
        }
        this.workers = workers;
        this.factory = factory;
        this.timeout = timeout;
    }

    @Override
    public boolean run(List<FileTask> tasks, ResultSink sink) {
        int n = Math.max(1, Math.min(workers, tasks.size()));
        List<ConcurrentLinkedDeque<FileTask>> deques = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            deques.add(new ConcurrentLinkedDeque<>());
        }
        List<FileTask> ordered = new ArrayList<>(tasks);
        ordered.sort(Comparator.comparingInt((FileTask t) -> weight(t)).reversed());
        for (int i = 0; i < ordered.size(); i++) {
            deques.get(i % n).addLast(ordered.get(i));
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

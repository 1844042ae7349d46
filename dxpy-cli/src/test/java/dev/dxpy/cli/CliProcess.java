package dev.dxpy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code dx-py} in a JVM of its own for the tests that signal it: started, and its workers waited for. */
final class CliProcess {
    private CliProcess() {
    }

    /** Runs {@code dx-py ARGS} in {@code dir} with the test class path, stdout and stderr to {@code out}. */
    static Process start(Path dir, Path out, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("DXPY_NO_DAEMON", "1");
        return pb.start();
    }

    /** Waits up to 5 s for every process of {@code workers} to be gone. */
    static void awaitGone(List<ProcessHandle> workers) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (workers.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    /** Kills what a failed test left: the process and its descendants. */
    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}

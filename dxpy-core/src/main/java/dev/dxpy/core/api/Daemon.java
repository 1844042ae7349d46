package dev.dxpy.core.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dx-py daemon: one long-lived process per rootdir that keeps the JVM, the index and spare preloaded
 * workers warm, serving {@code dx-py} commands over a Unix domain socket in {@code <rootdir>/.dxpy}.
 */
public interface Daemon {

    /** Runs one command inside the daemon: parse {@code args}, run in {@code cwd}, print to {@code out}, return the exit code. */
    @FunctionalInterface
    interface CommandHandler {
        int run(Path cwd, List<String> args, Map<String, String> env, PrintStream out);
    }

    /**
     * Sends a command to the daemon serving {@code cwd} (found in it or a parent directory), copying its
     * output to {@code out}.
     *
     * @return the command's exit code, or empty when no daemon serves {@code cwd}
     */
    Optional<Integer> forward(Path cwd, List<String> args, Map<String, String> env, OutputStream out);

    /**
     * Serves commands for {@code rootdir} until {@code daemon stop} or SIGTERM; removes its socket and pid
     * file on the way out. Workers of runs it serves are kept warm between runs.
     *
     * @throws IOException if the socket cannot be bound; {@link DxpyException} if a daemon already serves rootdir
     */
    void serve(Path rootdir, CommandHandler handler) throws IOException;

    /** The socket a daemon for {@code rootdir} listens on. */
    Path socket(Path rootdir);
}

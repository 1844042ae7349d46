package dev.dxpy.core.daemon;

import dev.dxpy.core.api.Daemon;
import dev.dxpy.core.api.DxpyException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link Daemon} over a Unix domain socket per rootdir. */
public final class SocketDaemon implements Daemon {

    @Override
    public Optional<Integer> forward(Path cwd, List<String> args, Map<String, String> env, OutputStream out) {
        DaemonFiles files = DaemonFiles.find(cwd);
        if (files == null) {
            return Optional.empty();
        }
        try {
            return DaemonClient.send(files.socket(), cwd.toAbsolutePath().normalize(), args, env, out);
        } catch (IOException e) {
            throw new DxpyException("lost the dx-py daemon mid-command: " + e.getMessage());
        }
    }

    @Override
    public void serve(Path rootdir, CommandHandler handler) throws IOException {
        new DaemonServer(rootdir, handler).serve();
    }

    @Override
    public Path socket(Path rootdir) {
        return DaemonFiles.of(rootdir).socket();
    }
}

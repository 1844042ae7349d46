package dev.dxpy.core.daemon;

import dev.dxpy.core.protocol.ClientOutput;
import dev.dxpy.core.protocol.ClientRequest;
import dev.dxpy.core.protocol.Frame;
import dev.dxpy.core.protocol.FrameReader;
import dev.dxpy.core.protocol.FrameWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sends one command to a daemon and copies its output. */
final class DaemonClient {
    private DaemonClient() {
    }

    /** Whether a daemon answers on {@code socket}. */
    static boolean alive(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The command's exit code, or empty when nothing listens on {@code socket}. */
    static Optional<Integer> send(Path socket, Path cwd, List<String> args, Map<String, String> env, OutputStream out)
            throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return Optional.empty();
        }
        try (ch) {
            List<String> envList = new ArrayList<>();
            env.forEach((k, v) -> envList.add(k + "=" + v));
            new FrameWriter(Channels.newOutputStream(ch)).write(1, new ClientRequest(cwd.toString(), args, envList));
            FrameReader reader = new FrameReader(Channels.newInputStream(ch));
            Frame f;
            while ((f = reader.read()) != null) {
                if (f.message() instanceof ClientOutput o) {
                    out.write(o.text().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (o.done()) {
                        return Optional.of(o.exitCode());
                    }
                }
            }
            throw new IOException("the dx-py daemon closed the connection before the command finished; see "
                    + socket.resolveSibling("daemon.log"));
        }
    }
}

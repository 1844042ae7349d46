package dev.dxpy.core.daemon;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a rootdir's daemon keeps its socket, pid file and log: {@code <rootdir>/.dxpy/daemon.*}. Unix
 * socket paths are limited to about 100 bytes, so a deep rootdir gets its socket in the temp directory,
 * named by a hash of the rootdir, with {@code .dxpy/daemon.sock-path} pointing to it.
 */
record DaemonFiles(Path dir, Path socket, Path pid, Path log) {
    private static final int MAX_SOCKET_PATH = 100;

    static DaemonFiles of(Path rootdir) {
        Path dir = rootdir.toAbsolutePath().normalize().resolve(".dxpy");
        Path socket = dir.resolve("daemon.sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            socket = Path.of(System.getProperty("java.io.tmpdir"), "dxpy-" + hash(dir.toString()) + ".sock");
        }
        return new DaemonFiles(dir, socket, dir.resolve("daemon.pid"), dir.resolve("daemon.log"));
    }

    /** The daemon files of the nearest directory at or above {@code cwd} that has a daemon pid file, or null. */
    static DaemonFiles find(Path cwd) {
        for (Path d = cwd.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".dxpy").resolve("daemon.pid"))) {
                return of(d);
            }
        }
        return null;
    }

    private static String hash(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

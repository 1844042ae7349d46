package dev.dxpy.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Writes a whole file through a temporary file in the same directory and a move, so a reader sees the old or the new content. */
public final class AtomicFiles {
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

    private AtomicFiles() {
    }

    /** A new file only its owner can read (as Files.createTempFile makes it), where permissions exist. */
    private static SeekableByteChannel create(Path tmp) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return Files.newByteChannel(tmp, options, OWNER_ONLY);
        } catch (UnsupportedOperationException e) { // no POSIX permissions on this file system
            return Files.newByteChannel(tmp, options);
        }
    }

    /** Replaces {@code file} with {@code content}, creating its directory; the temporary file never outlives the call. */
    public static void write(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = null;
        OutputStream out = null;
        for (int attempt = 0; out == null; attempt++) {
            // named by process and counter, not by Files.createTempFile: its SecureRandom costs ~5 ms to set up in
            // a cold JVM; CREATE_NEW still makes the name this call's own
            tmp = target.resolveSibling("." + target.getFileName() + "." + PID + "." + COUNTER.incrementAndGet() + ".tmp");
            try {
                out = Channels.newOutputStream(create(tmp));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
        try {
            try (OutputStream o = out) {
                o.write(content);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

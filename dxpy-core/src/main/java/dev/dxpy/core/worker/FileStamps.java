package dev.dxpy.core.worker;

import dev.dxpy.core.protocol.Collected;
import dev.dxpy.core.protocol.FileStamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Whether the files a spare read while collecting ahead are still as it read them (size and mtime in
 * nanoseconds, as Python's {@code os.stat} gives them; a missing file is size -1, mtime 0).
 */
final class FileStamps {

    private FileStamps() {
    }

    /** The first stamp that no longer holds, or null when every one does. */
    static FileStamp firstChanged(Collected collected) {
        for (FileStamp s : collected.stamps()) {
            if (!holds(s)) {
                return s;
            }
        }
        return null;
    }

    static boolean holds(FileStamp s) {
        if (s.path().isEmpty()) {
            return false;
        }
        long size;
        long mtime;
        try {
            BasicFileAttributes a = Files.readAttributes(Path.of(s.path()), BasicFileAttributes.class);
            size = a.size();
            mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        } catch (NoSuchFileException e) {
            size = -1;
            mtime = 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return size == s.size() && mtime == s.mtimeNs();
    }
}

package dev.dxpy.core.protocol;

/**
 * The state of one file or directory when a worker read it, sent in {@link Collected}.
 *
 * @param path absolute path
 * @param size its size in bytes, -1 when it did not exist
 * @param mtimeNs its modification time in nanoseconds since the epoch, 0 when it did not exist
 */
public record FileStamp(String path, long size, long mtimeNs) {

    public FileStamp {
        path = Values.text(path);
    }
}

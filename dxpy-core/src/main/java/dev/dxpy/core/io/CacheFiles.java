package dev.dxpy.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/** Reading dxpy's own cache files (index, graph): a missing file is no news, a bad one a warning and a rebuild. */
public final class CacheFiles {
    private CacheFiles() {
    }

    /**
     * The decoded content of {@code file}, or null when it does not exist, cannot be read or does not decode
     * (any runtime exception of {@code decode}: truncated, corrupted, other version); the last two warn,
     * naming {@code what} and the file.
     */
    public static <T> T read(Path file, String what, Function<byte[], T> decode, Consumer<String> warnings) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            warnings.accept(what + " " + file + " unreadable (" + e.getMessage() + "); rebuilding it");
            return null;
        }
        try {
            return decode.apply(data);
        } catch (RuntimeException e) {
            warnings.accept(what + " " + file + " is invalid (" + e.getMessage() + "); rebuilding it");
            return null;
        }
    }
}

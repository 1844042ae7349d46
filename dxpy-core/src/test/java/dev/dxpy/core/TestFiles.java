package dev.dxpy.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writing the files of a test's project. */
public final class TestFiles {
    private TestFiles() {
    }

    /** Writes {@code text} to {@code base/rel}, creating its directories; returns the file. */
    public static Path write(Path base, String rel, String text) throws IOException {
        Path p = base.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }
}

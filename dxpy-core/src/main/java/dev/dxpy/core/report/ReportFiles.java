package dev.dxpy.core.report;

import dev.dxpy.core.api.DxpyException;
import dev.dxpy.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes a report file atomically ({@link AtomicFiles}), with an error that says what to do. */
final class ReportFiles {

    private ReportFiles() {
    }

    static void write(Path file, String content) {
        Path target = file.toAbsolutePath();
        try {
            AtomicFiles.write(target, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DxpyException("cannot write the test report " + target + " (" + e.getMessage()
                    + "): check that its directory is writable or choose another path", e);
        }
    }
}

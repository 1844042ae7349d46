package dev.dxpy.core.protocol;

/**
 * The file of a {@link RunFile} is done (worker &rarr; engine).
 *
 * @param file the file, as in the {@link RunFile}
 * @param error empty when the file ran; otherwise why the module could not be imported
 * @param errorLine the line of the import error, 0 if unknown
 * @param longrepr the import error's traceback
 * @param ignored a conftest's {@code collect_ignore} or {@code collect_ignore_glob} excludes the file, as pytest
 *     would: nothing ran and its tests are not reported
 */
public record FileDone(String file, String error, int errorLine, String longrepr, boolean ignored) implements Message {

    public FileDone {
        file = Values.text(file);
        error = Values.text(error);
        longrepr = Values.text(longrepr);
    }

    /** A file that was not ignored. */
    public FileDone(String file, String error, int errorLine, String longrepr) {
        this(file, error, errorLine, longrepr, false);
    }

    /** Whether the file could be imported. */
    public boolean ok() {
        return error.isEmpty();
    }

    @Override
    public MessageType type() {
        return MessageType.FILE_DONE;
    }
}

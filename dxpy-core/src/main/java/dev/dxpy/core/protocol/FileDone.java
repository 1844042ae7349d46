package dev.dxpy.core.protocol;

/**
 * The file of a {@link RunFile} is done (worker &rarr; engine).
 *
 * @param file the file, as in the {@link RunFile}
 * @param error empty when the file ran; otherwise why the module could not be imported
 * @param errorLine the line of the import error, 0 if unknown
 * @param longrepr the import error's traceback
 */
public record FileDone(String file, String error, int errorLine, String longrepr) implements Message {

    public FileDone {
        file = Values.text(file);
        error = Values.text(error);
        longrepr = Values.text(longrepr);
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

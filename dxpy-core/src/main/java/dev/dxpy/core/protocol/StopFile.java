package dev.dxpy.core.protocol;

/**
 * Sent while a worker runs a {@link RunFile} (engine &rarr; worker, same request id): run no test of the file
 * from the test ref {@code before} on; the test running finishes and FILE_DONE follows as usual. Another
 * worker takes the tests not started. A worker that already started {@code before}, or finished the
 * request, ignores it.
 *
 * @param file   the RunFile's file
 * @param before the node id of one of the RunFile's test refs
 */
public record StopFile(String file, String before) implements Message {

    public StopFile {
        file = Values.text(file);
        before = Values.text(before);
    }

    @Override
    public MessageType type() {
        return MessageType.STOP_FILE;
    }
}

package dev.dxpy.core.protocol;

import java.util.List;

/**
 * The worker imported and collected the {@link Configure#collectAhead()} files (worker &rarr; engine, once
 * after such a Configure): the files and directories that work read (opened, listed, imported), each as it
 * was when read. A spare worker whose stamps still hold is as fresh as a new one (see site/workers.md).
 *
 * @param stamps what the worker read, each as it was when read
 */
public record Collected(List<FileStamp> stamps) implements Message {

    public Collected {
        stamps = stamps == null ? List.of() : List.copyOf(stamps);
    }

    @Override
    public MessageType type() {
        return MessageType.COLLECTED;
    }
}

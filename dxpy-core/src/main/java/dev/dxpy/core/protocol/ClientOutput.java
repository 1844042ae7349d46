package dev.dxpy.core.protocol;

/**
 * Console output of a daemon command (daemon &rarr; client); the last frame has {@code done} and the exit code.
 *
 * @param text output to print as is
 * @param done whether the command finished
 * @param exitCode the command's exit code, when done
 */
public record ClientOutput(String text, boolean done, int exitCode) implements Message {

    public ClientOutput {
        text = Values.text(text);
    }

    @Override
    public MessageType type() {
        return MessageType.CLIENT_OUTPUT;
    }
}

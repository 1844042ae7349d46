package dev.dxpy.core.protocol;

import java.util.List;

/**
 * A dx-py command for the daemon (client &rarr; daemon, over its Unix domain socket).
 *
 * @param cwd the client's working directory
 * @param args the command line after {@code dx-py}, e.g. {@code test -q tests}
 * @param env the client's environment as {@code NAME=value}
 */
public record ClientRequest(String cwd, List<String> args, List<String> env) implements Message {

    public ClientRequest {
        cwd = Values.text(cwd);
        args = Values.texts(args);
        env = Values.texts(env);
    }

    @Override
    public MessageType type() {
        return MessageType.CLIENT_REQUEST;
    }
}

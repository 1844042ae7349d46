package dev.dxpy.watch;

import java.nio.file.Path;
import java.util.Set;

/** Why a watch cycle runs: changed files (absolute paths), or a key: run all, run failed, quit. */
public record Trigger(Kind kind, Set<Path> changed) {

    public enum Kind { CHANGES, ALL, FAILED, QUIT }

    public Trigger {
        changed = Set.copyOf(changed);
    }

    static Trigger of(Kind kind) {
        return new Trigger(kind, Set.of());
    }
}

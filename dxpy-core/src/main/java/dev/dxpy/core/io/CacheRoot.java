package dev.dxpy.core.io;

import java.nio.file.Path;

/** Where dxpy keeps per-user files that outlive a run (the extracted worker package, native libraries). */
public final class CacheRoot {
    private CacheRoot() {
    }

    /** {@code $DXPY_CACHE}, else {@code $XDG_CACHE_HOME/dxpy}, else {@code ~/.cache/dxpy}. */
    public static Path path() {
        String env = System.getenv("DXPY_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("dxpy");
    }
}

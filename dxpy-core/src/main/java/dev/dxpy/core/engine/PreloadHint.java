package dev.dxpy.core.engine;

import dev.dxpy.core.io.AtomicFiles;
import dev.dxpy.core.protocol.Configure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The preloads of the last run started in a directory, kept in the user cache ({@code preload/<key>}) so that
 * the next run's early workers import them while the engine is still discovering (a cold run's workers
 * otherwise wait for the Configure frame, then import pytest: about 75 ms on its critical path). A worker
 * launched with a hint is used only when the run's configuration {@linkplain #fits fits} it; otherwise it is
 * killed and a fresh one started, so a stale hint costs time, never a result. Only kept for runs without
 * {@code pythonpath} entries (the worker imports the hint before Configure adds them to {@code sys.path}).
 *
 * @param rootdir the run's rootdir (the worker skips modules inside it, as its preloading does)
 * @param modules the run's preload list
 */
record PreloadHint(String rootdir, List<String> modules) {

    /** The environment variable that carries the hint to a worker: the rootdir, a newline, the modules comma-separated. */
    static final String ENV = "DXPY_PRELOAD_HINT";

    PreloadHint {
        modules = List.copyOf(modules);
    }

    /** Whether a worker that imported this hint before {@code c} came is what a worker configured with {@code c} would be. */
    boolean fits(Configure c) {
        return c.rootdir().equals(rootdir) && c.sysPath().isEmpty() && c.preload().containsAll(modules);
    }

    String envValue() {
        return rootdir + "\n" + String.join(",", modules);
    }

    /** The hint for runs started in {@code dir}, or null (none, unreadable, malformed). */
    static PreloadHint read(Path cacheRoot, Path dir) {
        try {
            List<String> lines = Files.readAllLines(file(cacheRoot, dir), StandardCharsets.UTF_8);
            if (lines.size() != 3 || !lines.get(0).equals(dir.toAbsolutePath().normalize().toString())) {
                return null;
            }
            List<String> modules = lines.get(2).isEmpty() ? List.of() : Arrays.asList(lines.get(2).split(","));
            return modules.isEmpty() ? null : new PreloadHint(lines.get(1), modules);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps {@code c}'s preloads as the hint for runs started in {@code dir} (removes it when there is none to keep). */
    static void remember(Path cacheRoot, Path dir, Configure c) {
        Path f = file(cacheRoot, dir);
        try {
            if (c.preload().isEmpty() || !c.sysPath().isEmpty()
                    || c.preload().stream().anyMatch(m -> m.contains(",") || m.contains("\n"))) {
                Files.deleteIfExists(f);
                return;
            }
            String text = dir.toAbsolutePath().normalize() + "\n" + c.rootdir() + "\n" + String.join(",", c.preload()) + "\n";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (Files.exists(f) && Arrays.equals(Files.readAllBytes(f), bytes)) {
                return;
            }
            AtomicFiles.write(f, bytes);
        } catch (IOException | RuntimeException e) {
            // a hint only: the next run's workers import the preloads after Configure, as without one
        }
    }

    private static Path file(Path cacheRoot, Path dir) {
        byte[] p = dir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(p);
        return cacheRoot.resolve("preload").resolve(Long.toHexString(crc.getValue()) + "-" + p.length);
    }
}

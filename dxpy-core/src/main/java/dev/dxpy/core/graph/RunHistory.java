package dev.dxpy.core.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What the last run left in the cache directory: the file states it ran against
 * ({@code snapshot.dxg}, the graph file format) and the node ids that failed ({@code lastfailed}, one a line).
 */
public final class RunHistory {
    private final Path cacheDir;

    public RunHistory(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    public Path graphFile() {
        return cacheDir.resolve("graph.dxg");
    }

    /** The files added, removed or with other content since the last run's snapshot; null when there is no snapshot. */
    public Set<String> changedSinceLastRun(Map<String, FileNode> now, Consumer<String> warnings) {
        Map<String, FileNode> before = GraphFile.read(cacheDir.resolve("snapshot.dxg"), warnings);
        if (before == null) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        now.forEach((p, n) -> {
            FileNode b = before.get(p);
            if (b == null || !Arrays.equals(b.hash(), n.hash())) {
                out.add(p);
            }
        });
        before.keySet().stream().filter(p -> !now.containsKey(p)).forEach(out::add);
        return out;
    }

    public void saveSnapshot(Map<String, FileNode> nodes) {
        GraphFile.write(cacheDir.resolve("snapshot.dxg"), nodes);
    }

    /** The node ids that failed in the last run (empty if none recorded). */
    public Set<String> lastFailed() {
        try {
            Set<String> out = new LinkedHashSet<>();
            for (String line : Files.readAllLines(cacheDir.resolve("lastfailed"), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(line);
                }
            }
            return out;
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            return Set.of();
        }
    }

    public void saveLastFailed(Set<String> nodeIds) {
        try {
            Files.createDirectories(cacheDir);
            Files.write(cacheDir.resolve("lastfailed"), nodeIds, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + cacheDir.resolve("lastfailed"), e);
        }
    }

    /** The file part of a node id. */
    public static String fileOf(String nodeId) {
        int i = nodeId.indexOf("::");
        return i < 0 ? nodeId : nodeId.substring(0, i);
    }
}

package dev.dxpy.core.graph;

import dev.dxpy.core.config.ProjectConfig;
import dev.dxpy.core.discovery.ImportReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.codec.digest.Blake3;

/**
 * Loads the import graph from {@code .dxpy/graph.dxg} and brings it up to date: a file whose size and
 * mtime are unchanged keeps its node; one whose content hash is unchanged keeps its imports; only the
 * others are parsed again. The file is rewritten only when a node changed.
 */
public final class GraphStore {

    /** A loaded graph: how many files it covers, how many were read and parsed again, how long it took. */
    public record Loaded(ImportGraph graph, int files, int reread, int parsed, boolean fromCache, Duration took) {
    }

    private GraphStore() {
    }

    public static Loaded load(ProjectConfig cfg, Path cacheFile, Consumer<String> warnings) {
        long start = System.nanoTime();
        Map<String, FileNode> cached = cacheFile == null ? null : GraphFile.read(cacheFile, warnings);
        Map<String, FileNode> old = cached == null ? Map.of() : cached;
        TreeMap<String, BasicFileAttributes> files = ProjectFiles.list(cfg.rootdir());
        Map<String, FileNode> nodes = new LinkedHashMap<>();
        List<String> reread = new ArrayList<>();
        files.forEach((rel, a) -> {
            FileNode n = old.get(rel);
            if (n != null && n.size() == a.size() && n.mtime() == a.lastModifiedTime().toMillis()) {
                nodes.put(rel, n);
            } else {
                nodes.put(rel, null);
                reread.add(rel);
            }
        });
        int[] parsed = {0};
        List<FileNode> fresh = reread.parallelStream().map(rel -> node(cfg.rootdir(), rel, files.get(rel), old.get(rel)))
                .toList();
        for (FileNode n : fresh) {
            if (n != null) {
                FileNode before = old.get(n.path());
                if (n.isPython() && (before == null || !Arrays.equals(before.hash(), n.hash()))) {
                    parsed[0]++;
                }
                nodes.put(n.path(), n);
            }
        }
        nodes.values().removeIf(v -> v == null);
        boolean changed = cached == null || !reread.isEmpty() || !old.keySet().equals(nodes.keySet());
        if (cacheFile != null && changed) {
            GraphFile.write(cacheFile, nodes);
        }
        return new Loaded(new ImportGraph(cfg, nodes), nodes.size(), reread.size(), parsed[0], cached != null,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static FileNode node(Path rootdir, String rel, BasicFileAttributes a, FileNode before) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(rootdir.resolve(rel));
        } catch (IOException e) {
            return null; // deleted meanwhile
        }
        byte[] hash = Blake3.hash(bytes);
        List<String> imports = before != null && Arrays.equals(before.hash(), hash) ? before.imports()
                : rel.endsWith(".py") ? ImportReader.imports(rel, bytes) : List.of();
        return new FileNode(rel, a.size(), a.lastModifiedTime().toMillis(), hash, imports);
    }
}

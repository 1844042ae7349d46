package dev.dxpy.core.graph;

import java.util.List;

/**
 * One project file as the graph last saw it: rootdir-relative posix path, size, mtime, content hash
 * (BLAKE3, 32 bytes) and, for a {@code .py} file, the absolute dotted names it imports.
 */
public record FileNode(String path, long size, long mtime, byte[] hash, List<String> imports) {

    public FileNode {
        imports = List.copyOf(imports);
    }

    public boolean isPython() {
        return path.endsWith(".py");
    }
}

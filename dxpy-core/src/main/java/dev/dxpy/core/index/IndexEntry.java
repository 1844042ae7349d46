package dev.dxpy.core.index;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.CollectionError;
import java.util.List;

/**
 * What discovery learned from one file: its stat and content hash when read, its tests, imports,
 * collection error (null if none), collection warnings, and the other files its tests depend on
 * (modules defining inherited base classes).
 */
public record IndexEntry(String path, long size, long mtime, byte[] hash, List<CollectedTest> tests,
        List<String> imports, CollectionError error, List<String> warnings, List<Dependency> deps) {

    public IndexEntry {
        tests = List.copyOf(tests);
        imports = List.copyOf(imports);
        warnings = List.copyOf(warnings);
        deps = List.copyOf(deps);
    }

    /** A file another file's tests were built from, with its state at the time. */
    public record Dependency(String path, long size, long mtime, byte[] hash) {
    }
}

package dev.dxpy.core.index;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.CollectionError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What discovery learned from one file: its stat and content hash when read, its tests, imports,
 * collection error (null if none), collection warnings, the other files its tests depend on
 * (modules defining inherited base classes), and whether its text has {@code cache = True} (only such a
 * file can define a {@code @dx.fixture(cache=True)}: a run's fixture keys read no other test file).
 */
public record IndexEntry(String path, long size, long mtime, byte[] hash, List<CollectedTest> tests,
        List<String> imports, CollectionError error, List<String> warnings, List<Dependency> deps,
        boolean mentionsCache) {
    private static final Pattern CACHED = Pattern.compile("cache\\s*=\\s*True");

    /** Whether {@code content} has {@code cache = True} anywhere (spaces around the {@code =} allowed). */
    public static boolean mentionsCache(byte[] content) {
        // the word first, in the bytes read as Latin-1 (the JDK's String search, compiled long before a loop of
        // ours would be in a cold JVM): most files never mention it and are not decoded as UTF-8
        return new String(content, StandardCharsets.ISO_8859_1).contains("cache")
                && CACHED.matcher(new String(content, StandardCharsets.UTF_8)).find();
    }

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

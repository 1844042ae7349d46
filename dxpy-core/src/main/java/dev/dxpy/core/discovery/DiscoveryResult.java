package dev.dxpy.core.discovery;

import dev.dxpy.core.api.Collection;
import java.util.List;
import java.util.Map;

/**
 * The collected tests and, for every file read, the absolute dotted module names it imports and whether its
 * text has {@code cache = True} ({@link dev.dxpy.core.index.IndexEntry#mentionsCache}).
 */
public record DiscoveryResult(Collection collection, Map<String, List<String>> imports,
        Map<String, Boolean> mentionsCache) {

    public DiscoveryResult {
        imports = Map.copyOf(imports);
        mentionsCache = Map.copyOf(mentionsCache);
    }
}

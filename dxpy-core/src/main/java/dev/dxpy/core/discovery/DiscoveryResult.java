package dev.dxpy.core.discovery;

import dev.dxpy.core.api.Collection;
import java.util.List;
import java.util.Map;

/** The collected tests and, for every file read, the absolute dotted module names it imports. */
public record DiscoveryResult(Collection collection, Map<String, List<String>> imports) {

    public DiscoveryResult {
        imports = Map.copyOf(imports);
    }
}

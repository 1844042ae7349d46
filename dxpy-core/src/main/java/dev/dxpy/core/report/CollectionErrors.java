package dev.dxpy.core.report;

import dev.dxpy.core.api.CollectionError;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collection errors as a report sees them: those announced at collection plus any the run result adds, once each. */
final class CollectionErrors {

    private CollectionErrors() {
    }

    static List<CollectionError> union(List<CollectionError> collected, List<CollectionError> fromRun) {
        Set<CollectionError> all = new LinkedHashSet<>(collected);
        all.addAll(fromRun);
        return List.copyOf(all);
    }
}

package dev.dxpy.core.engine;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.WorkerCollection;
import dev.dxpy.core.select.KeywordExpression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Puts what workers listed for some files into discovery's collection, file by file in its order. */
final class WorkerListings {

    private WorkerListings() {
    }

    /**
     * @param byFile   discovery's tests by file, in collection order
     * @param why      the files a worker was asked about, and why
     * @param listings the workers' answers
     * @param keyword  the -k expression, applied to the ids a worker expanded; null for none
     * @param warnings told about files no worker could list (their discovered tests stay)
     */
    static WorkerCollection merge(Collection c, Map<String, List<CollectedTest>> byFile, Map<String, String> why,
            Map<String, WorkerLister.Listing> listings, KeywordExpression keyword, Consumer<String> warnings) {
        List<CollectedTest> tests = new ArrayList<>();
        List<CollectionError> errors = new ArrayList<>(c.errors());
        Map<String, String> listed = new LinkedHashMap<>();
        Map<String, String> ignored = new LinkedHashMap<>();
        byFile.forEach((file, discovered) -> {
            WorkerLister.Listing l = listings.get(file);
            if (l == null) {
                tests.addAll(discovered);
            } else if (l.failure() != null) {
                tests.addAll(discovered);
                warnings.accept("could not list " + file + " with a worker (" + l.failure()
                        + "); its tests are listed as discovery found them");
            } else if (l.ignored()) {
                ignored.put(file, "a conftest's collect_ignore");
            } else if (!l.error().isEmpty()) {
                errors.add(new CollectionError(file, l.errorLine(), l.longrepr().isBlank() ? l.error()
                        : l.error() + "\n" + l.longrepr()));
            } else {
                listed.put(file, why.get(file));
                tests.addAll(expanded(discovered, l.ids(), keyword));
            }
        });
        return new WorkerCollection(new Collection(tests, errors, c.filesParsed(), c.filesFromIndex(), c.duration()),
                listed, ignored);
    }

    /** The worker's ids as tests, with the line and marks of the discovered test they expand. */
    private static List<CollectedTest> expanded(List<CollectedTest> discovered, List<String> ids,
            KeywordExpression keyword) {
        Map<String, CollectedTest> byBase = new HashMap<>();
        discovered.forEach(t -> {
            byBase.putIfAbsent(t.id().baseId(), t);
            byBase.putIfAbsent(t.nodeId(), t);
        });
        List<CollectedTest> out = new ArrayList<>();
        for (String id : ids) {
            TestId tid = TestId.parse(id);
            CollectedTest like = byBase.getOrDefault(id, byBase.get(tid.baseId()));
            CollectedTest t = new CollectedTest(tid, like == null ? 0 : like.line(), false,
                    like == null ? Set.of() : like.marks());
            if (keyword == null || keyword.matches(t.id(), t.marks())) { // -k on the expanded ids too
                out.add(t);
            }
        }
        return out;
    }
}

package dev.dxpy.core.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code --collect-only} lists when workers may import the files static discovery cannot list exactly:
 * the collection, in which the tests of the {@code listedByWorker} files are the ones a worker found by
 * importing them (file &rarr; why a worker was asked: run-time parametrization, doctests, a computed
 * {@code collect_ignore}), and the files a conftest's computed {@code collect_ignore} excludes (file &rarr;
 * the conftest and variable), which list nothing, as in pytest. Both maps keep the collection's file order.
 */
public record WorkerCollection(Collection collection, Map<String, String> listedByWorker, Map<String, String> ignored) {

    public WorkerCollection {
        listedByWorker = Collections.unmodifiableMap(new LinkedHashMap<>(listedByWorker)); // in collection order
        ignored = Collections.unmodifiableMap(new LinkedHashMap<>(ignored));
    }
}

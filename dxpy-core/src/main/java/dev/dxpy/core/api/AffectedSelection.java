package dev.dxpy.core.api;

import java.time.Duration;
import java.util.List;

/**
 * How a change-driven run chose its tests: the changed files (rootdir-relative), the test files the
 * import graph selected (tests that failed last time included), and what bringing the graph up to
 * date cost: files it covers, files parsed again, time, whether it started from its cache.
 */
public record AffectedSelection(List<String> changedFiles, List<String> testFiles, int graphFiles, int filesParsed,
        Duration graphTime, boolean graphFromCache) {

    public AffectedSelection {
        changedFiles = List.copyOf(changedFiles);
        testFiles = List.copyOf(testFiles);
    }
}

package dev.dxpy.core.api;

import java.time.Duration;
import java.util.List;

/** What discovery found: tests in a stable order (file, then source order) and files it could not collect. */
public record Collection(List<CollectedTest> tests, List<CollectionError> errors, int filesParsed,
        int filesFromIndex, Duration duration) {

    public Collection {
        tests = List.copyOf(tests);
        errors = List.copyOf(errors);
    }
}

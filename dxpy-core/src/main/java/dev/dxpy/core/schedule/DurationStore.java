package dev.dxpy.core.schedule;

import dev.dxpy.core.io.AtomicFiles;
import dev.dxpy.core.api.TestResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each test file took in earlier runs, kept in {@code .dxpy/durations} as lines of
 * {@code <nanoseconds> TAB <file>}, so the scheduler can start the longest files first. A missing or
 * unreadable file is an empty store; files not run again keep their old figure.
 */
public final class DurationStore {
    private final Path file;
    private final Map<String, Long> nanos;

    private DurationStore(Path file, Map<String, Long> nanos) {
        this.file = file;
        this.nanos = nanos;
    }

    public static DurationStore load(Path file) {
        Map<String, Long> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    try {
                        m.put(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)));
                    } catch (NumberFormatException ignored) {
                        // a damaged line only costs its file's ordering
                    }
                }
            }
        } catch (IOException ignored) {
            // no durations yet
        }
        return new DurationStore(file, m);
    }

    /** Known durations by file (relative to the rootdir), in nanoseconds. */
    public Map<String, Long> byFile() {
        return Map.copyOf(nanos);
    }

    /** Replaces the figures of the files in {@code results} with their totals and writes the store. */
    public void record(List<TestResult> results) {
        // hash maps, not sorted ones: this runs after the report, on the command's path to its exit (a 10k-test
        // run's TreeMap merge cost ~8 ms in a cold JVM: its keys share long prefixes); the file's order is unused
        Map<String, Long> run = new HashMap<>();
        for (TestResult r : results) {
            run.merge(r.id().file(), r.duration().toNanos(), Long::sum);
        }
        nanos.putAll(run);
        StringBuilder sb = new StringBuilder();
        nanos.forEach((f, n) -> sb.append(n).append('\t').append(f).append('\n'));
        try {
            AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // durations only order the next run; a read-only cache dir must not fail this one
        }
    }
}

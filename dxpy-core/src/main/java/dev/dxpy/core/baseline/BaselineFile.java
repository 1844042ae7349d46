package dev.dxpy.core.baseline;

import dev.dxpy.core.api.Baseline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code .dxpy/baseline.json}: one entry per selection, {@code {"<selection>": {"seconds": 14.2, "measured": "<instant>"}}}.
 * An unreadable file counts as no baseline: it is only ever a hint for the summary line.
 */
public final class BaselineFile {

    private static final Pattern ENTRY = Pattern.compile(
            "\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\\{\\s*\"seconds\"\\s*:\\s*([0-9.eE+-]+)\\s*,\\s*\"measured\"\\s*:\\s*\"([^\"]*)\"\\s*}");

    private final Path file;

    public BaselineFile(Path file) {
        this.file = file;
    }

    public Optional<Baseline> read(String selection) {
        return Optional.ofNullable(entries().get(selection));
    }

    /** Records {@code baseline} for {@code selection}, keeping the other selections' entries. */
    public void write(String selection, Baseline baseline) throws IOException {
        Map<String, Baseline> all = entries();
        all.put(selection, baseline);
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Baseline> e : all.entrySet()) {
            sb.append("  \"").append(escape(e.getKey())).append("\": {\"seconds\": ")
                    .append(String.format(Locale.ROOT, "%.3f", e.getValue().pytestTime().toNanos() / 1e9))
                    .append(", \"measured\": \"").append(e.getValue().measured()).append("\"}")
                    .append(++i < all.size() ? ",\n" : "\n");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.append("}\n"), StandardCharsets.UTF_8);
    }

    private Map<String, Baseline> entries() {
        Map<String, Baseline> all = new TreeMap<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return all;
        }
        Matcher m = ENTRY.matcher(text);
        while (m.find()) {
            try {
                Duration d = Duration.ofNanos(Math.round(Double.parseDouble(m.group(2)) * 1e9));
                all.put(unescape(m.group(1)), new Baseline(d, Instant.parse(m.group(3))));
            } catch (NumberFormatException | DateTimeParseException e) {
                // a damaged entry is no baseline
            }
        }
        return all;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String unescape(String s) {
        return s.replaceAll("\\\\(.)", "$1");
    }
}

package dev.dxpy.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ini file as {@code iniconfig} reads it: sections of keys, continuation lines joined with newlines, # and ; comments. */
final class IniFile {
    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

    private IniFile() {
    }

    static IniFile parse(List<String> lines) {
        IniFile ini = new IniFile();
        Map<String, String> section = null;
        String lastKey = null;
        for (String raw : lines) {
            String line = stripComment(raw);
            if (line.isBlank()) {
                continue;
            }
            boolean continuation = Character.isWhitespace(line.charAt(0));
            String t = line.strip();
            if (!continuation && t.startsWith("[") && t.endsWith("]")) {
                section = ini.sections.computeIfAbsent(t.substring(1, t.length() - 1).strip(), k -> new LinkedHashMap<>());
                lastKey = null;
            } else if (continuation && section != null && lastKey != null) {
                String prev = section.get(lastKey);
                section.put(lastKey, prev.isEmpty() ? t : prev + "\n" + t);
            } else if (section != null) {
                int eq = indexOfSeparator(t);
                if (eq < 0) {
                    continue;
                }
                lastKey = t.substring(0, eq).strip();
                section.put(lastKey, t.substring(eq + 1).strip());
            }
        }
        return ini;
    }

    private static int indexOfSeparator(String t) {
        int eq = t.indexOf('=');
        int colon = t.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static String stripComment(String line) {
        String t = line.stripLeading();
        if (t.startsWith("#") || t.startsWith(";")) {
            return "";
        }
        return line.stripTrailing();
    }

    boolean has(String section) {
        return sections.containsKey(section);
    }

    Map<String, String> section(String name) {
        return sections.getOrDefault(name, Map.of());
    }
}

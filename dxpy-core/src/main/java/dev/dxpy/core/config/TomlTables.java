package dev.dxpy.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough TOML to read pytest's tables: {@code [table]} headers, keys with string, array (also
 * multi-line and nested), number and boolean values, comments. Values come back as {@link String}
 * or {@code List} of values; inline tables and dates are kept as their raw text.
 */
final class TomlTables {
    private final String s;
    private int i;
    private final Map<String, Map<String, Object>> tables = new LinkedHashMap<>();

    private TomlTables(String text) {
        this.s = text;
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming the line on malformed input. */
    static Map<String, Map<String, Object>> parse(String text) {
        TomlTables t = new TomlTables(text);
        t.run();
        return t.tables;
    }

    private void run() {
        Map<String, Object> current = tables.computeIfAbsent("", k -> new LinkedHashMap<>());
        while (true) {
            skipBlankAndComments();
            if (i >= s.length()) {
                return;
            }
            char c = s.charAt(i);
            if (c == '[') {
                boolean arrayTable = s.startsWith("[[", i);
                i += arrayTable ? 2 : 1;
                String name = readKey(']');
                expect(']');
                if (arrayTable) {
                    expect(']');
                }
                current = tables.computeIfAbsent(name, k -> new LinkedHashMap<>());
            } else {
                String key = readKey('=');
                expect('=');
                skipSpaces();
                current.put(key, readValue());
            }
            skipSpaces();
            if (i < s.length() && s.charAt(i) == '#') {
                skipToEol();
            }
            if (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                throw error("expected end of line");
            }
        }
    }

    private String readKey(char terminator) {
        StringBuilder key = new StringBuilder();
        skipSpaces();
        while (i < s.length() && s.charAt(i) != terminator) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                key.append(readString());
            } else if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '\n') {
                throw error("unterminated key");
            } else {
                key.append(c);
                i++;
            }
        }
        return key.toString();
    }

    private Object readValue() {
        if (i >= s.length()) {
            throw error("missing value");
        }
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            return readString();
        }
        if (c == '[') {
            i++;
            List<Object> list = new ArrayList<>();
            while (true) {
                skipBlankAndComments();
                if (i >= s.length()) {
                    throw error("unterminated array");
                }
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                list.add(readValue());
                skipBlankAndComments();
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                } else if (i >= s.length() || s.charAt(i) != ']') {
                    throw error("expected , or ] in array");
                }
            }
        }
        if (c == '{') {
            int start = i;
            int depth = 0;
            do {
                char d = s.charAt(i++);
                depth += d == '{' ? 1 : d == '}' ? -1 : 0;
            } while (depth > 0 && i < s.length());
            return s.substring(start, i);
        }
        int start = i;
        while (i < s.length() && ",]}#\n\r".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return s.substring(start, i).strip();
    }

    private String readString() {
        char q = s.charAt(i);
        boolean multi = s.startsWith(String.valueOf(q).repeat(3), i);
        i += multi ? 3 : 1;
        if (multi && i < s.length() && s.charAt(i) == '\n') {
            i++;
        } else if (multi && s.startsWith("\r\n", i)) {
            i += 2;
        }
        StringBuilder out = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i);
            if (multi ? s.startsWith(String.valueOf(q).repeat(3), i) : c == q) {
                i += multi ? 3 : 1;
                while (multi && i < s.length() && s.charAt(i) == q) { // up to two quotes may end a multi-line string
                    out.append(q);
                    i++;
                }
                return out.toString();
            }
            if (!multi && c == '\n') {
                throw error("newline in string");
            }
            if (c == '\\' && q == '"') {
                i++;
                out.append(escape());
            } else {
                out.append(c);
                i++;
            }
        }
    }

    private String escape() {
        char e = s.charAt(i++);
        switch (e) {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'e': return "\u001b";
            case '"': return "\"";
            case '\\': return "\\";
            case 'u':
            case 'U': {
                int len = e == 'u' ? 4 : 8;
                int cp = Integer.parseInt(s.substring(i, i + len), 16);
                i += len;
                return new String(Character.toChars(cp));
            }
            default:
                if (Character.isWhitespace(e)) { // line-ending backslash trims following whitespace
                    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                        i++;
                    }
                    return "";
                }
                throw error("bad escape \\" + e);
        }
    }

    private void skipSpaces() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
    }

    private void skipBlankAndComments() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '#') {
                skipToEol();
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                return;
            }
        }
    }

    private void skipToEol() {
        while (i < s.length() && s.charAt(i) != '\n') {
            i++;
        }
    }

    private void expect(char c) {
        skipSpaces();
        if (i >= s.length() || s.charAt(i) != c) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private IllegalArgumentException error(String what) {
        int line = 1;
        for (int k = 0; k < Math.min(i, s.length()); k++) {
            line += s.charAt(k) == '\n' ? 1 : 0;
        }
        return new IllegalArgumentException(what + " at line " + line);
    }
}

package dev.dxpy.core.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Python's {@code fnmatch.fnmatchcase}: {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}, case-sensitive as on POSIX. */
public final class Fnmatch {
    private static final Map<String, Predicate<String>> CACHE = new ConcurrentHashMap<>();

    private Fnmatch() {
    }

    public static boolean matches(String name, String pattern) {
        return CACHE.computeIfAbsent(pattern, Fnmatch::compile).test(name);
    }

    /**
     * The pattern as a test: a literal by equality, one {@code *} between literals (the usual {@code test_*.py})
     * by prefix and suffix (a regex match costs ten times as much, and discovery asks once per file), else the
     * translated regex.
     */
    private static Predicate<String> compile(String pattern) {
        int star = pattern.indexOf('*');
        if (pattern.indexOf('?') < 0 && pattern.indexOf('[') < 0) {
            if (star < 0) {
                return pattern::equals;
            }
            if (pattern.indexOf('*', star + 1) < 0) {
                String prefix = pattern.substring(0, star);
                String suffix = pattern.substring(star + 1);
                int min = prefix.length() + suffix.length();
                return name -> name.length() >= min && name.startsWith(prefix) && name.endsWith(suffix);
            }
        }
        Pattern re = Pattern.compile(translate(pattern), Pattern.DOTALL);
        return name -> re.matcher(name).matches();
    }

    /** True when the pattern has glob characters (pytest then uses fnmatch instead of a prefix test). */
    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    static String translate(String pat) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = pat.length();
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat.charAt(j) == '!') {
                    j++;
                }
                if (j < n && pat.charAt(j) == ']') {
                    j++;
                }
                while (j < n && pat.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String stuff = pat.substring(i, j);
                    i = j + 1;
                    StringBuilder cls = new StringBuilder("[");
                    int k = 0;
                    if (stuff.startsWith("!")) {
                        cls.append('^');
                        k = 1;
                    }
                    for (; k < stuff.length(); k++) {
                        char s = stuff.charAt(k);
                        if (s == '\\' || s == '[' || s == ']' || s == '&' || s == '^' && k == 0) {
                            cls.append('\\');
                        }
                        cls.append(s);
                    }
                    re.append(cls).append(']');
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}

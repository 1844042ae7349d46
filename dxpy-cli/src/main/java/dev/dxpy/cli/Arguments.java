package dev.dxpy.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code dx-py test} arguments into paths or node ids and keyword patterns: an argument
 * that exists as a path, contains {@code ::} or ends with {@code .py} is a path; anything else is
 * a {@code -k} pattern, several patterns meaning all of them.
 */
record Arguments(List<String> paths, String keyword) {

    static Arguments split(List<String> args, String keyword, Path cwd) {
        List<String> paths = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        if (keyword != null && !keyword.isBlank()) {
            patterns.add(keyword);
        }
        for (String arg : args) {
            if (isPath(arg, cwd)) {
                paths.add(arg);
            } else {
                patterns.add(arg);
            }
        }
        return new Arguments(List.copyOf(paths), join(patterns));
    }

    static boolean isPath(String arg, Path cwd) {
        if (arg.contains("::") || arg.endsWith(".py")) {
            return true;
        }
        try {
            return Files.exists(cwd.resolve(arg));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String join(List<String> patterns) {
        if (patterns.isEmpty()) {
            return null;
        }
        if (patterns.size() == 1) {
            return patterns.get(0);
        }
        return String.join(" and ", patterns.stream().map(p -> "(" + p + ")").toList());
    }
}

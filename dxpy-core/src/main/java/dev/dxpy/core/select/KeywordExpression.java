package dev.dxpy.core.select;

import dev.dxpy.core.api.TestId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A pytest {@code -k} expression. Each identifier matches a test when it is a case-insensitive
 * substring of one of the test's names: the test name with its parameter id, its classes, its
 * module file name (e.g. {@code test_a.py}), the directories between the rootdir and the file,
 * and any extra names such as its markers. An empty expression matches every test.
 */
public final class KeywordExpression {

    private final String text;
    private final Predicate<Predicate<String>> tree;

    private KeywordExpression(String text, Predicate<Predicate<String>> tree) {
        this.text = text;
        this.tree = tree;
    }

    /**
     * Parses a {@code -k} expression.
     *
     * @throws dev.dxpy.core.api.UsageException naming the expression and the column at fault
     */
    public static KeywordExpression parse(String expression) {
        String text = expression == null ? "" : expression;
        return new KeywordExpression(text, MatchExpression.parse("-k", text));
    }

    /** Whether the test {@code id} (with {@code extraNames}, e.g. marker names) is selected. */
    public boolean matches(TestId id, Set<String> extraNames) {
        if (tree == null) {
            return true;
        }
        List<String> names = names(id, extraNames);
        return tree.test(sub -> {
            String needle = sub.toLowerCase(Locale.ROOT);
            for (String name : names) {
                if (name.contains(needle)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** The lower-cased names pytest's {@code KeywordMatcher} gathers for an item. */
    static List<String> names(TestId id, Set<String> extraNames) {
        List<String> names = new ArrayList<>();
        String[] path = id.file().split("/");
        for (String part : path) {
            if (!part.isEmpty()) {
                names.add(part.toLowerCase(Locale.ROOT));
            }
        }
        for (String c : id.classes()) {
            names.add(c.toLowerCase(Locale.ROOT));
        }
        names.add(id.nameWithParam().toLowerCase(Locale.ROOT));
        for (String extra : extraNames) {
            names.add(extra.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    @Override
    public String toString() {
        return text;
    }
}

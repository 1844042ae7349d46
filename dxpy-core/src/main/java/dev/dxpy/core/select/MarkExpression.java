package dev.dxpy.core.select;

import java.util.Set;
import java.util.function.Predicate;

/**
 * A pytest {@code -m} expression: each identifier is true when the test carries a marker of
 * exactly that name. An empty expression matches every test.
 */
public final class MarkExpression {

    private final String text;
    private final Predicate<Predicate<String>> tree;

    private MarkExpression(String text, Predicate<Predicate<String>> tree) {
        this.text = text;
        this.tree = tree;
    }

    /**
     * Parses a {@code -m} expression.
     *
     * @throws dev.dxpy.core.api.UsageException naming the expression and the column at fault
     */
    public static MarkExpression parse(String expression) {
        String text = expression == null ? "" : expression;
        return new MarkExpression(text, MatchExpression.parse("-m", text));
    }

    /** Whether a test carrying {@code markers} is selected. */
    public boolean matches(Set<String> markers) {
        return tree == null || tree.test(markers::contains);
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.dxpy.core.select;

import dev.dxpy.core.api.UsageException;
import java.util.function.Predicate;

/**
 * pytest's match-expression grammar, shared by {@code -k} and {@code -m}:
 * <pre>
 * expression: expr? EOF
 * expr:       and_expr ('or' and_expr)*
 * and_expr:   not_expr ('and' not_expr)*
 * not_expr:   'not' not_expr | '(' expr ')' | ident
 * ident:      (\w|:|\+|-|\.|\[|\]|\\|/)+
 * </pre>
 * The tree is a predicate over a per-test ident matcher. Marker call arguments
 * ({@code marker(a=1)}) are not supported and rejected with a usage error.
 */
final class MatchExpression {

    private final String option;
    private final String input;
    private final ExpressionLexer lexer;

    private MatchExpression(String option, String input) {
        this.option = option;
        this.input = input;
        this.lexer = new ExpressionLexer(input, this::error);
    }

    /**
     * Parses {@code input} for {@code option} (e.g. {@code -k}); null for an empty expression.
     *
     * @throws UsageException naming the option, the expression and the 1-based column at fault
     */
    static Predicate<Predicate<String>> parse(String option, String input) {
        MatchExpression p = new MatchExpression(option, input);
        if (p.lexer.accept(ExpressionLexer.Type.EOF) != null) {
            return null;
        }
        Predicate<Predicate<String>> e = p.expr();
        p.expect(ExpressionLexer.Type.EOF);
        return e;
    }

    private Predicate<Predicate<String>> expr() {
        Predicate<Predicate<String>> left = andExpr();
        while (lexer.accept(ExpressionLexer.Type.OR) != null) {
            left = left.or(andExpr());
        }
        return left;
    }

    private Predicate<Predicate<String>> andExpr() {
        Predicate<Predicate<String>> left = notExpr();
        while (lexer.accept(ExpressionLexer.Type.AND) != null) {
            left = left.and(notExpr());
        }
        return left;
    }

    private Predicate<Predicate<String>> notExpr() {
        if (lexer.accept(ExpressionLexer.Type.NOT) != null) {
            return notExpr().negate();
        }
        if (lexer.accept(ExpressionLexer.Type.LPAREN) != null) {
            Predicate<Predicate<String>> inner = expr();
            expect(ExpressionLexer.Type.RPAREN);
            return inner;
        }
        ExpressionLexer.Token ident = lexer.accept(ExpressionLexer.Type.IDENT);
        if (ident != null) {
            if (lexer.current().type() == ExpressionLexer.Type.LPAREN) {
                throw error(lexer.current().pos(), "call arguments (marker(name=value)) are not supported");
            }
            String name = ident.value();
            return matcher -> matcher.test(name);
        }
        throw expected("not OR left parenthesis OR identifier");
    }

    private void expect(ExpressionLexer.Type type) {
        if (lexer.accept(type) == null) {
            throw expected(type.label());
        }
    }

    private UsageException expected(String what) {
        return error(lexer.current().pos(), "expected " + what + "; got " + lexer.current().type().label());
    }

    private UsageException error(int pos, String message) {
        return new UsageException("Wrong expression passed to '" + option + "': " + input
                + ": at column " + (pos + 1) + ": " + message);
    }
}

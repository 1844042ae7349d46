package dev.dxpy.core.select;

import dev.dxpy.core.api.UsageException;

/** Splits a match expression into tokens, as pytest's {@code Scanner} does. */
final class ExpressionLexer {

    enum Type {
        LPAREN("left parenthesis"),
        RPAREN("right parenthesis"),
        OR("or"),
        AND("and"),
        NOT("not"),
        IDENT("identifier"),
        EOF("end of input");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    record Token(Type type, String value, int pos) {
    }

    interface Errors {
        UsageException at(int pos, String message);
    }

    private final String input;
    private final Errors errors;
    private int pos;
    private Token current;

    ExpressionLexer(String input, Errors errors) {
        this.input = input;
        this.errors = errors;
        this.current = next();
    }

    Token current() {
        return current;
    }

    /** Consumes and returns the current token when it has {@code type}, else null. */
    Token accept(Type type) {
        if (current.type() != type) {
            return null;
        }
        Token t = current;
        if (type != Type.EOF) {
            current = next();
        }
        return t;
    }

    private Token next() {
        while (pos < input.length() && (input.charAt(pos) == ' ' || input.charAt(pos) == '\t')) {
            pos++;
        }
        if (pos >= input.length()) {
            return new Token(Type.EOF, "", pos);
        }
        char c = input.charAt(pos);
        if (c == '(' || c == ')') {
            return new Token(c == '(' ? Type.LPAREN : Type.RPAREN, String.valueOf(c), pos++);
        }
        int start = pos;
        while (pos < input.length() && isIdentChar(input.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw errors.at(start, "unexpected character \"" + c + "\"");
        }
        String value = input.substring(start, pos);
        Type type = switch (value) {
            case "or" -> Type.OR;
            case "and" -> Type.AND;
            case "not" -> Type.NOT;
            default -> Type.IDENT;
        };
        return new Token(type, value, start);
    }

    /** Python's {@code \w} (Unicode letters, digits, underscore) plus {@code : + - . [ ] \ /}. */
    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || ":+-.[]\\/".indexOf(c) >= 0;
    }
}

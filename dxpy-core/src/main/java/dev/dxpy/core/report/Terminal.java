package dev.dxpy.core.report;

import java.io.PrintStream;

/** Writes lines to the console stream with optional ANSI colours and pytest's 80-column separators. */
final class Terminal {

    static final int WIDTH = 80;

    enum Color {
        RED("\u001b[31m"), GREEN("\u001b[32m"), YELLOW("\u001b[33m"), BOLD("\u001b[1m");

        private final String code;

        Color(String code) {
            this.code = code;
        }
    }

    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final boolean color;

    Terminal(PrintStream out, boolean color) {
        this.out = out;
        this.color = color;
    }

    /** {@code text} wrapped in the colour's escape codes, or unchanged when colours are off. */
    String paint(Color c, String text) {
        return color && c != null && !text.isEmpty() ? c.code + text + RESET : text;
    }

    void print(String text) {
        out.print(text);
    }

    void line(String text) {
        out.println(text);
    }

    void line(Color c, String text) {
        out.println(paint(c, text));
    }

    /** A pytest separator line: {@code ===== title =====} filling 80 columns. */
    void sep(char ch, String title, Color c) {
        line(c, separator(ch, title));
    }

    static String separator(char ch, String title) {
        if (title.isEmpty()) {
            return String.valueOf(ch).repeat(WIDTH);
        }
        int n = Math.max((WIDTH - title.length() - 2) / 2, 1);
        String fill = String.valueOf(ch).repeat(n);
        String line = fill + " " + title + " " + fill;
        return line.length() + 1 <= WIDTH ? line + ch : line;
    }

    void flush() {
        out.flush();
    }
}

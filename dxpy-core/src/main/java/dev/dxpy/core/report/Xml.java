package dev.dxpy.core.report;

/** A small XML writer for the report files: escaping of text and attributes, illegal characters made visible as pytest does. */
final class Xml {

    private final StringBuilder sb = new StringBuilder();

    Xml raw(String s) {
        sb.append(s);
        return this;
    }

    /** Opens {@code <name a="v" ...}; {@code attrs} are name/value pairs, null values skipped. */
    Xml open(String name, String... attrs) {
        sb.append('<').append(name);
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            if (attrs[i + 1] != null) {
                sb.append(' ').append(attrs[i]).append("=\"").append(escape(attrs[i + 1], true)).append('"');
            }
        }
        return this;
    }

    /** Ends an open tag: {@code >} and the escaped text and closing tag, or {@code  />} when the text is null. */
    Xml close(String name, String text) {
        if (text == null) {
            sb.append(" />");
        } else {
            sb.append('>').append(escape(text, false)).append("</").append(name).append('>');
        }
        return this;
    }

    Xml element(String name, String text, String... attrs) {
        return open(name, attrs).close(name, text);
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /**
     * Escapes markup characters; characters XML 1.0 forbids become {@code #xNN} as in pytest's
     * {@code bin_xml_escape}; in attributes newlines and tabs become character references.
     */
    static String escape(String s, boolean attribute) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\r' -> out.append(attribute ? "&#13;" : "\r");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (legal(c) || Character.isSurrogate(c) && validPair(s, i)) {
                        out.append(c);
                    } else {
                        out.append(String.format("#x%02X", (int) c));
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean legal(char c) {
        return c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}

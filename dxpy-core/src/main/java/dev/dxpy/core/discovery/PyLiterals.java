package dev.dxpy.core.discovery;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Evaluates Python number and string literal tokens as the interpreter would. */
final class PyLiterals {
    private PyLiterals() {
    }

    private static boolean decimalDigits(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return !t.isEmpty();
    }

    /** The {@code str()} of an integer or float token (also imaginary), or null if malformed. */
    static String number(String token, boolean negate) {
        String t = token.replace("_", "").toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("j")) {
                double im = Double.parseDouble(t.substring(0, t.length() - 1));
                return negate ? "(-0-" + complexRepr(im) + ")" : complexRepr(im);
            }
            if (t.startsWith("0x") || t.startsWith("0o") || t.startsWith("0b")) {
                int radix = t.charAt(1) == 'x' ? 16 : t.charAt(1) == 'o' ? 8 : 2;
                BigInteger v = new BigInteger(t.substring(2), radix);
                return (negate ? v.negate() : v).toString();
            }
            if (t.contains(".") || t.contains("e") || t.contains("inf") || t.contains("nan")) {
                double v = Double.parseDouble(t);
                return IdMaker.floatRepr(negate ? -v : v);
            }
            if (decimalDigits(t) && t.length() <= 18) { // fits a long
                long v = Long.parseLong(t);
                return Long.toString(negate ? -v : v);
            }
            BigInteger v = new BigInteger(t);
            return (negate ? v.negate() : v).toString();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String complexRepr(double im) {
        String r = IdMaker.floatRepr(im);
        if (r.endsWith(".0")) {
            r = r.substring(0, r.length() - 2);
        }
        return r + "j";
    }

    /** A string or bytes token: {@link PyValue.Str}, {@link PyValue.Known} for bytes, or dynamic for f-strings with fields. */
    static PyValue string(String token) {
        int q = 0;
        while (q < token.length() && token.charAt(q) != '\'' && token.charAt(q) != '"') {
            q++;
        }
        String prefix = token.substring(0, q).toLowerCase(Locale.ROOT);
        boolean raw = prefix.contains("r");
        boolean bytes = prefix.contains("b");
        boolean fstr = prefix.contains("f") || prefix.contains("t");
        String rest = token.substring(q);
        int ql = rest.startsWith("\"\"\"") || rest.startsWith("'''") ? 3 : 1;
        if (rest.length() < 2 * ql) {
            return PyValue.DYNAMIC;
        }
        String body = rest.substring(ql, rest.length() - ql);
        if (fstr) {
            if (body.replace("{{", "").replace("}}", "").indexOf('{') >= 0) {
                return PyValue.DYNAMIC;
            }
            body = body.replace("{{", "{").replace("}}", "}");
        }
        try {
            if (bytes) {
                byte[] b = raw ? body.getBytes(StandardCharsets.ISO_8859_1) : unescapeBytes(body);
                return new PyValue.Known(IdMaker.asciiEscaped(b));
            }
            return new PyValue.Str(raw ? body : unescape(body));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // an escape Java cannot decode (a \N{...} alias such as FORM FEED, a malformed \x): Python decides
            // at run time, where the worker expands the parameters
            return PyValue.DYNAMIC;
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case '\n' -> { }
                case '\\', '\'', '"' -> out.append(e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    out.appendCodePoint(Integer.parseInt(s.substring(i + 1, Math.min(s.length(), i + 1 + len)), 16));
                    i += len;
                }
                case 'N' -> {
                    int end = s.indexOf('}', i);
                    out.appendCodePoint(Character.codePointOf(s.substring(i + 2, end)));
                    i = end;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int j = i;
                        while (j < s.length() && j < i + 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                            j++;
                        }
                        out.appendCodePoint(Integer.parseInt(s.substring(i, j), 8));
                        i = j - 1;
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    private static byte[] unescapeBytes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(i + 1);
                if (e == 'x' && i + 3 < s.length()) {
                    out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                    i += 3;
                    continue;
                }
                if (e >= '0' && e <= '7' || "\n\\'\"abfnrtv".indexOf(e) >= 0) {
                    int consumed = e >= '0' && e <= '7' ? octalLength(s, i + 1) : 1;
                    String one = unescape(s.substring(i, i + 1 + consumed));
                    for (char o : one.toCharArray()) {
                        out.write(o);
                    }
                    i += consumed;
                    continue;
                }
            }
            out.write(c);
        }
        return out.toByteArray();
    }

    private static int octalLength(String s, int from) {
        int j = from;
        while (j < s.length() && j < from + 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
            j++;
        }
        return j - from;
    }
}

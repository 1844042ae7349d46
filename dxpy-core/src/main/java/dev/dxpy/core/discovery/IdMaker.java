package dev.dxpy.core.discovery;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** pytest's {@code IdMaker} for literal values: per-value ids, ascii escaping and suffixes for duplicates. */
final class IdMaker {
    private IdMaker() {
    }

    /** The id of one value of argument {@code argname} in parameter set {@code idx}. */
    static String idval(PyValue v, String argname, int idx) {
        if (v instanceof PyValue.Str s) {
            return asciiEscaped(s.value());
        }
        if (v instanceof PyValue.Known k) {
            return k.id();
        }
        if (v instanceof PyValue.NoneValue) {
            return "None";
        }
        return argname + idx;
    }

    /** An entry of an {@code ids=[...]} list; null means "generate from the values". */
    static String explicitId(PyValue v) {
        if (v == null || v instanceof PyValue.NoneValue) {
            return null;
        }
        if (v instanceof PyValue.Str s) {
            return asciiEscaped(s.value());
        }
        if (v instanceof PyValue.Known k) {
            return k.id();
        }
        return null;
    }

    /** pytest's {@code make_unique_parameterset_ids} suffixing of duplicate ids. */
    static List<String> unique(List<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        for (String id : ids) {
            counts.merge(id, 1, Integer::sum);
        }
        if (counts.size() == ids.size()) {
            return ids;
        }
        Set<String> all = new HashSet<>(ids);
        Map<String, Integer> suffixes = new HashMap<>();
        List<String> out = new ArrayList<>(ids);
        for (int i = 0; i < out.size(); i++) {
            String id = out.get(i);
            if (counts.get(id) > 1) {
                String sep = !id.isEmpty() && Character.isDigit(id.charAt(id.length() - 1)) ? "_" : "";
                int n = suffixes.getOrDefault(id, 0);
                String candidate = id + sep + n;
                while (all.contains(candidate)) {
                    n++;
                    candidate = id + sep + n;
                }
                out.set(i, candidate);
                suffixes.put(id, n + 1);
            }
        }
        return out;
    }

    /** pytest's {@code ascii_escaped} for str: {@code unicode_escape} then non-printables as {@code \xNN}. */
    static String asciiEscaped(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\\') {
                b.append("\\\\");
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\r') {
                b.append("\\r");
            } else if (cp >= 0x20 && cp < 0x7f) {
                b.append((char) cp);
            } else if (cp < 0x100) {
                b.append(String.format("\\x%02x", cp));
            } else if (cp < 0x10000) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.append(String.format("\\U%08x", cp));
            }
        });
        return b.toString();
    }

    /** pytest's {@code ascii_escaped} for bytes: non-ASCII bytes and non-printables as {@code \xNN}. */
    static String asciiEscaped(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length);
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c == '\t') {
                b.append("\\t");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c >= 0x20 && c < 0x7f) {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        return b.toString();
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        String sign = d < 0 ? "-" : "";
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - bd.scale() - 1;
        if (exp >= -4 && exp < 16) {
            String plain = bd.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}

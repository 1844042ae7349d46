package dev.dxpy.core.discovery;

import dev.dxpy.core.treesitter.SyntaxNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A file's text as tree-sitter sees it: node byte offsets index its UTF-8 encoding. */
final class Source {
    private final String text;
    private final byte[] utf8;

    Source(String text) {
        this(text, text.getBytes(StandardCharsets.UTF_8));
    }

    /** @param utf8 the text's UTF-8 encoding (kept, not copied) */
    Source(String text, byte[] utf8) {
        this.text = text;
        this.utf8 = utf8;
    }

    /** The whole text. */
    String whole() {
        return text;
    }

    /** The UTF-8 bytes tree-sitter's offsets index (not a copy: do not change them). */
    byte[] bytes() {
        return utf8;
    }

    String text(SyntaxNode n) {
        int start = n.getStartByte();
        return new String(utf8, start, n.getEndByte() - start, StandardCharsets.UTF_8);
    }

    /**
     * The node's text without whitespace (as {@code text(n).replaceAll("\\s", "")}, without a regex): dotted
     * names and callees written across lines or with spaces around the dots.
     */
    String compact(SyntaxNode n) {
        int start = n.getStartByte();
        int end = n.getEndByte();
        byte[] out = null;
        int len = 0;
        for (int i = start; i < end; i++) {
            byte b = utf8[i];
            boolean space = b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0b;
            if (space && out == null) {
                out = new byte[end - start];
                len = i - start;
                System.arraycopy(utf8, start, out, 0, len);
            } else if (!space && out != null) {
                out[len++] = b;
            }
        }
        return out == null ? new String(utf8, start, end - start, StandardCharsets.UTF_8)
                : new String(out, 0, len, StandardCharsets.UTF_8);
    }

    /** Where {@code word} (ASCII) starts in the text's bytes, in order. */
    List<Integer> occurrences(String word) {
        byte[] w = word.getBytes(StandardCharsets.US_ASCII);
        List<Integer> at = new ArrayList<>();
        outer:
        for (int i = 0; i + w.length <= utf8.length; i++) {
            if (utf8[i] != w[0]) {
                continue;
            }
            for (int k = 1; k < w.length; k++) {
                if (utf8[i + k] != w[k]) {
                    continue outer;
                }
            }
            at.add(i);
        }
        return at;
    }

    static int line(SyntaxNode n) {
        return n.getStartRow() + 1;
    }
}

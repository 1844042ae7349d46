package dev.dxpy.core.discovery;

import dev.dxpy.core.treesitter.SyntaxNode;
import java.nio.charset.StandardCharsets;

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

    static int line(SyntaxNode n) {
        return n.getStartRow() + 1;
    }
}

package dev.dxpy.core.treesitter;

/**
 * One node of a {@link SyntaxTree}, with the subset of tree-sitter's node API discovery uses, under the same
 * names. A missing node (no such child, no parent) answers {@link #isNull()} true.
 */
public final class SyntaxNode {
    private static final int R = NativeTreeSitter.RECORD;

    private final SyntaxTree tree;
    private final int i;

    SyntaxNode(SyntaxTree tree, int index) {
        this.tree = tree;
        this.i = index;
    }

    private SyntaxNode at(int index) {
        return new SyntaxNode(tree, index);
    }

    public boolean isNull() {
        return i < 0;
    }

    /** The node type ("function_definition", "identifier", "(", "ERROR"...); "" for a null node. */
    public String getType() {
        return i < 0 ? "" : tree.grammar.type(tree.data[i * R]);
    }

    private boolean flag(int f) {
        return i >= 0 && (tree.data[i * R + 1] & f) != 0;
    }

    public boolean isNamed() {
        return flag(NativeTreeSitter.NAMED);
    }

    /** A node the parser inserted to recover from a syntax error (zero width). */
    public boolean isMissing() {
        return flag(NativeTreeSitter.MISSING);
    }

    /** This node or one below it is an error or missing node. */
    public boolean hasError() {
        return flag(NativeTreeSitter.HAS_ERROR);
    }

    public boolean isError() {
        return flag(NativeTreeSitter.IS_ERROR);
    }

    public int getStartByte() {
        return i < 0 ? 0 : tree.data[i * R + 2];
    }

    public int getEndByte() {
        return i < 0 ? 0 : tree.data[i * R + 3];
    }

    /** Zero-based line of the node's first byte. */
    public int getStartRow() {
        return i < 0 ? 0 : tree.data[i * R + 4];
    }

    public SyntaxNode getParent() {
        return at(i < 0 ? -1 : tree.data[i * R + 5]);
    }

    public int getChildCount() {
        return i < 0 ? 0 : tree.data[tree.kidStart + i + 1] - tree.data[tree.kidStart + i];
    }

    public SyntaxNode getChild(int k) {
        return at(k >= 0 && k < getChildCount() ? tree.data[tree.kids + tree.data[tree.kidStart + i] + k] : -1);
    }

    public int getNamedChildCount() {
        return i < 0 ? 0 : tree.data[tree.namedStart + i + 1] - tree.data[tree.namedStart + i];
    }

    public SyntaxNode getNamedChild(int k) {
        return at(k >= 0 && k < getNamedChildCount() ? tree.data[tree.named + tree.data[tree.namedStart + i] + k] : -1);
    }

    /** The first child in the grammar field {@code name} ("name", "body", "arguments"...), or a null node. */
    public SyntaxNode getChildByFieldName(String name) {
        int field = tree.grammar.field(name);
        if (i >= 0 && field != 0) {
            int[] d = tree.data;
            for (int k = tree.kids + d[tree.kidStart + i], end = tree.kids + d[tree.kidStart + i + 1]; k < end; k++) {
                if (d[d[k] * R + 6] == field) {
                    return at(d[k]);
                }
            }
        }
        return at(-1);
    }

    /** The smallest node below this one (named or not) spanning the bytes [start, end), as tree-sitter finds it. */
    public SyntaxNode getDescendantForByteRange(int start, int end) {
        if (i < 0 || start > end) {
            return at(-1);
        }
        int node = i;
        boolean descended = true;
        while (descended) {
            descended = false;
            int[] d = tree.data;
            for (int k = tree.kids + d[tree.kidStart + node], last = tree.kids + d[tree.kidStart + node + 1]; k < last; k++) {
                int c = d[k];
                int cStart = tree.data[c * R + 2];
                int cEnd = tree.data[c * R + 3];
                if (cEnd < end) {
                    continue;
                }
                if (cStart == cEnd ? cEnd < start : cEnd <= start) {
                    continue;
                }
                if (start < cStart) {
                    break;
                }
                node = c;
                descended = true;
                break;
            }
        }
        return at(node);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyntaxNode n && n.tree == tree && n.i == i;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(tree) * 31 + i;
    }

    @Override
    public String toString() {
        return getType() + "[" + getStartByte() + ".." + getEndByte() + ")";
    }
}

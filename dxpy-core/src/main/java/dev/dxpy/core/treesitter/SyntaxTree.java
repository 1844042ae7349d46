package dev.dxpy.core.treesitter;

import java.lang.ref.Cleaner;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTreeCursor;
import org.treesitter.TreeSitterPython;

/**
 * A Python file's concrete syntax tree from tree-sitter, held in plain int arrays: reading it makes no native
 * call. Parsed by dxpy's own native build in one JNI call when it is in the jar, else through
 * io.github.bonede's per-node API (slower, same tree). Immutable; safe to read from any thread.
 */
public final class SyntaxTree {
    private static final int R = NativeTreeSitter.RECORD;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Grammar NATIVE_GRAMMAR = NativeTreeSitter.PROBLEM == null
            ? new Grammar(NativeTreeSitter::symbolName, NativeTreeSitter.fieldCount(), NativeTreeSitter::fieldName)
            : null;
    private static final ThreadLocal<NativeParser> NATIVE = ThreadLocal.withInitial(NativeParser::new);
    private static final ThreadLocal<TSParser> BUNDLED = ThreadLocal.withInitial(() -> {
        TSParser p = new TSParser();
        p.setLanguage(new TreeSitterPython());
        return p;
    });

    final Grammar grammar;
    /**
     * n nodes of {@link NativeTreeSitter#RECORD} ints, then the child lists: children of node i are
     * data[kids + data[kidStart + i] .. kids + data[kidStart + i + 1]), named ones likewise; last, n.
     */
    final int[] data;
    final int kidStart;
    final int kids;
    final int namedStart;
    final int named;

    private SyntaxTree(Grammar grammar, int[] data) {
        this.grammar = grammar;
        this.data = data;
        int n = data[data.length - 1];
        kidStart = n * R;
        kids = kidStart + n + 1;
        namedStart = kids + n - 1;
        named = namedStart + n + 1;
    }

    /** Child lists from pre-order records (parent in each record), appended to them as the native side does. */
    static int[] withChildLists(int[] nodes) {
        int n = nodes.length / R;
        int[] kidCount = new int[n + 1];
        int[] namedCount = new int[n + 1];
        int namedTotal = 0;
        for (int i = 1; i < n; i++) {
            kidCount[nodes[i * R + 5] + 1]++;
            if ((nodes[i * R + 1] & NativeTreeSitter.NAMED) != 0) {
                namedCount[nodes[i * R + 5] + 1]++;
                namedTotal++;
            }
        }
        for (int i = 0; i < n; i++) {
            kidCount[i + 1] += kidCount[i];
            namedCount[i + 1] += namedCount[i];
        }
        int[] out = java.util.Arrays.copyOf(nodes, n * R + 3 * n + 1 + namedTotal + 1);
        out[out.length - 1] = n;
        int kidStart = n * R;
        int kids = kidStart + n + 1;
        int namedStart = kids + n - 1;
        int named = namedStart + n + 1;
        System.arraycopy(kidCount, 0, out, kidStart, n + 1);
        System.arraycopy(namedCount, 0, out, namedStart, n + 1);
        int[] fill = new int[n];
        int[] namedFill = new int[n];
        for (int i = 1; i < n; i++) {
            int parent = nodes[i * R + 5];
            out[kids + kidCount[parent] + fill[parent]++] = i;
            if ((nodes[i * R + 1] & NativeTreeSitter.NAMED) != 0) {
                out[named + namedCount[parent] + namedFill[parent]++] = i;
            }
        }
        return out;
    }

    /** Parses UTF-8 Python source (never fails: syntax errors become ERROR and missing nodes). */
    public static SyntaxTree parse(byte[] utf8) {
        if (NATIVE_GRAMMAR != null) {
            int[] nodes = NativeTreeSitter.parse(NATIVE.get().ptr, utf8);
            if (nodes == null) {
                throw new OutOfMemoryError("tree-sitter could not allocate the tree of a " + utf8.length + "-byte file");
            }
            return new SyntaxTree(NATIVE_GRAMMAR, nodes);
        }
        return Bundled.parse(BUNDLED.get(), utf8);
    }

    /** The tree through io.github.bonede's API even when dxpy's build is loaded (tests compare the two). */
    static SyntaxTree parseBundled(byte[] utf8) {
        return Bundled.parse(BUNDLED.get(), utf8);
    }

    /** Which natives parse: "dxpy" (the optimised build in this jar) or "bundled (why)". */
    public static String backend() {
        return NATIVE_GRAMMAR != null ? "dxpy" : "bundled (" + NativeTreeSitter.PROBLEM + ")";
    }

    /** The native library file in use (the cache sweep keeps it), or null when bonede's natives parse. */
    public static java.nio.file.Path nativeLibrary() {
        return NATIVE_GRAMMAR != null ? NativeTreeSitter.loadedFile : null;
    }

    public SyntaxNode root() {
        return new SyntaxNode(this, 0);
    }

    /** One native parser per thread, freed when the thread is gone. */
    private static final class NativeParser {
        final long ptr = NativeTreeSitter.newParser();

        NativeParser() {
            long p = ptr;
            CLEANER.register(this, () -> NativeTreeSitter.deleteParser(p));
        }
    }

    /** The same arrays built through bonede's API, for platforms without dxpy's native build. */
    private static final class Bundled {
        private static final Grammar GRAMMAR;

        static {
            TreeSitterPython lang = new TreeSitterPython();
            GRAMMAR = new Grammar(lang::symbolName, lang.fieldCount(), lang::fieldNameForId);
        }

        static SyntaxTree parse(TSParser parser, byte[] utf8) {
            String text = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
            TSTreeCursor cur = new TSTreeCursor(parser.parseString(null, text).getRootNode());
            int[] out = new int[R * 256];
            int len = 0;
            int[] parents = new int[64];
            int depth = 0;
            int current = 0;
            out = emit(out, len, cur, -1);
            len += R;
            while (true) {
                if (cur.gotoFirstChild()) {
                    if (depth == parents.length) {
                        parents = java.util.Arrays.copyOf(parents, depth * 2);
                    }
                    parents[depth++] = current;
                    out = emit(out, len, cur, current);
                    current = len / R;
                    len += R;
                    continue;
                }
                boolean moved = false;
                while (!moved && depth > 0) {
                    if (cur.gotoNextSibling()) {
                        out = emit(out, len, cur, parents[depth - 1]);
                        current = len / R;
                        len += R;
                        moved = true;
                    } else if (cur.gotoParent()) {
                        depth--;
                    } else {
                        break;
                    }
                }
                if (!moved) {
                    break;
                }
            }
            return new SyntaxTree(GRAMMAR, withChildLists(java.util.Arrays.copyOf(out, len)));
        }

        private static int[] emit(int[] out, int len, TSTreeCursor cur, int parent) {
            if (len + R > out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            TSNode n = cur.currentNode();
            out[len] = n.getSymbol();
            out[len + 1] = (n.isNamed() ? NativeTreeSitter.NAMED : 0) | (n.isMissing() ? NativeTreeSitter.MISSING : 0)
                    | (n.hasError() ? NativeTreeSitter.HAS_ERROR : 0) | (n.isError() ? NativeTreeSitter.IS_ERROR : 0);
            out[len + 2] = n.getStartByte();
            out[len + 3] = n.getEndByte();
            out[len + 4] = n.getStartPoint().getRow();
            out[len + 5] = parent;
            out[len + 6] = cur.currentFieldId();
            return out;
        }
    }
}

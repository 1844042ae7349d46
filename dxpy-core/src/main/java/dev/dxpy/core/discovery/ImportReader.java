package dev.dxpy.core.discovery;

import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TreeSitterPython;

/**
 * The imports of one Python file as discovery records them (absolute dotted names; {@code from a import b}
 * gives {@code a} and {@code a.b}), read by {@link ImportScanner} alone: cheaper than a full module read.
 * The parser is the calling thread's own.
 */
public final class ImportReader {
    private static final ThreadLocal<TSParser> PARSER = ThreadLocal.withInitial(() -> {
        TSParser p = new TSParser();
        p.setLanguage(new TreeSitterPython());
        return p;
    });

    private ImportReader() {
    }

    /**
     * @param relPath rootdir-relative posix path (relative imports resolve against it)
     * @return the imported names in first-seen order; empty when the file cannot be decoded
     */
    public static List<String> imports(String relPath, byte[] content) {
        String text;
        try {
            text = SourceText.decode(content);
        } catch (CharacterCodingException e) {
            return List.of();
        }
        String dotted = ModuleReader.dottedName(relPath);
        boolean isPackage = relPath.endsWith("__init__.py");
        TSTree tree = PARSER.get().parseString(null, text);
        List<String> out = new ArrayList<>();
        new ImportScanner(new Source(text), m -> ModuleReader.absolute(dotted, isPackage, m), out).scan(tree.getRootNode());
        return List.copyOf(new LinkedHashSet<>(out));
    }
}

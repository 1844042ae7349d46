package dev.dxpy.core.discovery;

import dev.dxpy.core.treesitter.SyntaxTree;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The imports of one Python file as discovery records them (absolute dotted names; {@code from a import b}
 * gives {@code a} and {@code a.b}), read by {@link ImportScanner} alone: cheaper than a full module read.
 */
public final class ImportReader {

    private ImportReader() {
    }

    /**
     * @param relPath rootdir-relative posix path (relative imports resolve against it)
     * @return the imported names in first-seen order; empty when the file cannot be decoded
     */
    public static List<String> imports(String relPath, byte[] content) {
        Source src;
        try {
            src = SourceText.source(content);
        } catch (CharacterCodingException e) {
            return List.of();
        }
        String dotted = ModuleReader.dottedName(relPath);
        boolean isPackage = relPath.endsWith("__init__.py");
        List<String> out = new ArrayList<>();
        new ImportScanner(src, m -> ModuleReader.absolute(dotted, isPackage, m), out).scan(SyntaxTree.parse(src.bytes()).root());
        return List.copyOf(new LinkedHashSet<>(out));
    }
}

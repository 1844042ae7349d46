package dev.dxpy.core.discovery;

import java.nio.charset.CharacterCodingException;
import java.util.List;
import org.treesitter.TSParser;
import org.treesitter.TreeSitterPython;

/**
 * The imports of one Python file as discovery records them (absolute dotted names; {@code from a import b}
 * gives {@code a} and {@code a.b}), for files that are not test files. The parser is the calling thread's own.
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
     * @return the imported names; empty when the file cannot be decoded
     */
    public static List<String> imports(String relPath, byte[] content) {
        try {
            String text = SourceText.decode(content);
            return new ModuleReader(relPath, ModuleReader.dottedName(relPath), text).read(PARSER.get()).imports();
        } catch (CharacterCodingException e) {
            return List.of();
        }
    }
}

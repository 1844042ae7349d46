package dev.dxpy.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.treesitter.SyntaxNode;
import dev.dxpy.core.treesitter.SyntaxTree;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Node texts as discovery reads them. */
class SourceTest {

    private static String compactModuleName(String code) {
        byte[] utf8 = code.getBytes(StandardCharsets.UTF_8);
        Source src = new Source(code, utf8);
        SyntaxNode stmt = SyntaxTree.parse(utf8).root().getNamedChild(0);
        return src.compact(stmt.getChildByFieldName("module_name"));
    }

    @Test
    void compactDropsEveryKindOfWhitespaceAsTheRegexDid() {
        assertThat(compactModuleName("from a.b import c\n")).isEqualTo("a.b");
        assertThat(compactModuleName("from a . b\t.  c import d\n")).isEqualTo("a.b.c");
        assertThat(compactModuleName("from a \\\n .b import c\n")).isEqualTo("a\\.b");
        assertThat(compactModuleName("from a \\\n .b import c\n"))
                .isEqualTo("a \\\n .b".replaceAll("\\s", ""));
    }

    @Test
    void compactKeepsNonAsciiNames() {
        assertThat(compactModuleName("from paquete . módulo import x\n")).isEqualTo("paquete.módulo");
        assertThat(compactModuleName("from 包 import x\n")).isEqualTo("包");
    }
}

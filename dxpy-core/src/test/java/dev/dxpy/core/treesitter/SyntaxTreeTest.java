package dev.dxpy.core.treesitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TreeSitterPython;

class SyntaxTreeTest {
    private static final String SAMPLE = """
            import os, sys as system
            from .pkg import (a, b as c)
            import pytest

            @pytest.mark.parametrize("x,y", [(1, "é"), pytest.param(2, 3, id="two")])
            def test_x(x, y, *args, k=1, **kw):
                '''doc'''
                assert x != y, f"{x!r} {y:>4}"

            class TestC(Base, metaclass=M):
                @staticmethod
                async def test_a(self) -> None:
                    async with ctx() as v:
                        yield [i for i in range(3) if i]
                    lambda q: q ** 2

            match command:
                case [x, *rest] if x:
                    pass
            """;

    private static final String BROKEN = """
            def ok():
                return 1

            def broken(:
                pass

            class C
                x = (1, 2
            """;

    @Test
    void theBuildShipsTheOptimisedParserForThisPlatform() {
        // the build compiles it wherever gcc and the npm registry (or its cached tarballs) are there
        boolean gcc = Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "gcc")));
        org.junit.jupiter.api.Assumptions.assumeTrue(gcc, "no gcc on PATH: the build could not compile it");
        assertThat(NativeTreeSitter.class.getResource(NativeTreeSitter.resource())).isNotNull();
        assertThat(SyntaxTree.backend()).isEqualTo("dxpy");
    }

    @Test
    void bothNativeBuildsGiveTheSameTree() throws IOException {
        List<byte[]> sources = new ArrayList<>(List.of(utf8(SAMPLE), utf8(BROKEN), utf8(""), utf8("x = 1"),
                utf8("def f():\n\tpass\n"), utf8("s = '''unterminated\n")));
        // and the repository's own Python: the worker package, its tests, the examples
        try (Stream<Path> files = Stream.of("../python-worker", "../examples").map(Path::of).flatMap(SyntaxTreeTest::walk)) {
            files.filter(f -> f.toString().endsWith(".py")).forEach(f -> {
                try {
                    sources.add(Files.readAllBytes(f));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
        assertThat(sources).hasSizeGreaterThan(50);
        for (byte[] src : sources) {
            SyntaxTree ours = SyntaxTree.parse(src);
            SyntaxTree bundled = SyntaxTree.parseBundled(src);
            assertThat(ours.data).as(new String(src, StandardCharsets.UTF_8)).isEqualTo(bundled.data);
        }
    }

    @Test
    void nodesAnswerAsTreeSittersOwnNodesDo() {
        byte[] src = utf8(SAMPLE + BROKEN);
        TSParser parser = new TSParser();
        parser.setLanguage(new TreeSitterPython());
        TSNode theirs = parser.parseString(null, new String(src, StandardCharsets.UTF_8)).getRootNode();
        SyntaxNode ours = SyntaxTree.parse(src).root();
        compare(ours, theirs);
        for (int at = 0; at < src.length; at += 3) {
            for (int len : new int[] {0, 1, 6}) {
                int end = Math.min(src.length, at + len);
                TSNode t = theirs.getDescendantForByteRange(at, end);
                SyntaxNode o = ours.getDescendantForByteRange(at, end);
                assertThat(o.getType() + o.getStartByte() + "-" + o.getEndByte()).as("range %d-%d", at, end)
                        .isEqualTo(t.getType() + t.getStartByte() + "-" + t.getEndByte());
            }
        }
    }

    private static void compare(SyntaxNode o, TSNode t) {
        String where = o.toString();
        assertThat(o.getType()).as(where).isEqualTo(t.getType());
        assertThat(o.getStartByte()).as(where).isEqualTo(t.getStartByte());
        assertThat(o.getEndByte()).as(where).isEqualTo(t.getEndByte());
        assertThat(o.getStartRow()).as(where).isEqualTo(t.getStartPoint().getRow());
        assertThat(o.isNamed()).as(where).isEqualTo(t.isNamed());
        assertThat(o.isMissing()).as(where).isEqualTo(t.isMissing());
        assertThat(o.hasError()).as(where).isEqualTo(t.hasError());
        assertThat(o.isError()).as(where).isEqualTo(t.isError());
        assertThat(o.getChildCount()).as(where).isEqualTo(t.getChildCount());
        assertThat(o.getNamedChildCount()).as(where).isEqualTo(t.getNamedChildCount());
        for (String field : new String[] {"name", "body", "parameters", "left", "right", "module_name", "alias",
                "arguments", "function", "superclasses", "value"}) {
            TSNode tf = t.getChildByFieldName(field);
            SyntaxNode of = o.getChildByFieldName(field);
            assertThat(of.isNull()).as(where + "." + field).isEqualTo(tf == null || tf.isNull());
            if (!of.isNull()) {
                assertThat(of.getStartByte()).as(where + "." + field).isEqualTo(tf.getStartByte());
                assertThat(of.getType()).as(where + "." + field).isEqualTo(tf.getType());
            }
        }
        for (int k = 0; k < t.getNamedChildCount(); k++) {
            assertThat(o.getNamedChild(k).getParent()).isEqualTo(o);
            assertThat(o.getNamedChild(k).getStartByte()).isEqualTo(t.getNamedChild(k).getStartByte());
        }
        for (int k = 0; k < t.getChildCount(); k++) {
            compare(o.getChild(k), t.getChild(k));
        }
        assertThat(o.getChild(t.getChildCount()).isNull()).isTrue();
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir).toList().stream();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

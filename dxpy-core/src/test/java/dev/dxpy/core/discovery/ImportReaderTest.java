package dev.dxpy.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every import form, as the import graph receives it. */
class ImportReaderTest {

    private static List<String> imports(String path, String text) {
        return ImportReader.imports(path, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void moduleLevelClassBodiesNestedBlocksAndFunctionBodies() {
        assertThat(imports("t.py", """
                import a.b.c, d as e
                from f.g import h, i as j
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    import k
                try:
                    import l
                except ImportError:
                    from m import n
                with ctx():
                    import o
                class C:
                    import p
                    def meth(self):
                        from q import r
                def fn():
                    import s
                    async def inner():
                        import t
                """)).containsExactly("a.b.c", "d", "f.g", "f.g.h", "f.g.i", "typing", "typing.TYPE_CHECKING", "k", "l",
                "m", "m.n", "o", "p", "q", "q.r", "s", "t");
    }

    @Test
    void relativeImportsResolveAgainstThePackage() {
        assertThat(imports("pkg/sub/mod.py", "from . import x\nfrom .y import z\nfrom .. import w\nfrom ..v import u\n"))
                .containsExactly("pkg.sub", "pkg.sub.x", "pkg.sub.y", "pkg.sub.y.z", "pkg", "pkg.w", "pkg.v", "pkg.v.u");
        assertThat(imports("pkg/__init__.py", "from .core import X\n")).containsExactly("pkg.core", "pkg.core.X");
    }

    @Test
    void dynamicImportsWithLiteralsAndPytestPlugins() {
        assertThat(imports("conftest.py", """
                import importlib
                from importlib import import_module
                pytest_plugins = ["plug.one", 'plug.two']
                def f(name):
                    importlib.import_module("dyn.a")
                    import_module('dyn.b')
                    __import__("dyn.c")
                    importlib.import_module(name)
                    __import__(f"x.{name}")
                    importlib.import_module(".rel", "pkg")
                """)).containsExactly("importlib", "importlib.import_module", "plug.one", "plug.two", "dyn.a", "dyn.b",
                "dyn.c");
        assertThat(imports("conftest.py", "pytest_plugins = 'single'\n")).containsExactly("single");
    }

    @Test
    void aFileWithASyntaxErrorStillGivesItsImports() {
        assertThat(imports("t.py", "import good\ndef broken(:\n")).contains("good");
    }
}

package dev.dxpy.core.graph;

import static dev.dxpy.core.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.config.ProjectConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each import form resolves to the module it names; changes select exactly the tests they can affect. */
class ImportGraphTest {
    @TempDir
    Path root;
    final List<String> warnings = new ArrayList<>();


    private ImportGraph graph() {
        return GraphStore.load(ProjectConfig.load(root, List.of()), root.resolve(".dxpy/graph.dxg"), warnings::add).graph();
    }

    private Set<String> affected(String... changed) {
        return graph().affectedTests(List.of(changed));
    }

    @Test
    void eachImportFormResolves() throws Exception {
        write(root, "pytest.ini", "[pytest]\npythonpath = lib\n");
        write(root, "app/__init__.py", "");
        write(root, "app/core.py", "X = 1\n");
        write(root, "app/util.py", "from . import core\nfrom .core import X\n");
        write(root, "app/sub/__init__.py", "from ..util import X\n");
        write(root, "nsp/mod.py", "");                       // namespace package: no __init__.py
        write(root, "lib/helper.py", "");                     // on pythonpath
        write(root, "src/srcpkg/__init__.py", "");           // src layout
        write(root, "src/srcpkg/thing.py", "");
        write(root, "dyn/a.py", "");
        write(root, "dyn/b.py", "");
        write(root, "dyn/c.py", "");
        write(root, "tests/test_forms.py", """
                import app.core
                from app import util
                from app.core import X
                import nsp.mod as m
                import helper
                from srcpkg import thing
                import numpy
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    import app.sub
                try:
                    import ujson
                except ImportError:
                    ujson = None
                def test_f():
                    import importlib
                    import dyn.a
                    importlib.import_module("dyn.b")
                    __import__("dyn.c")
                """);
        ImportGraph g = graph();
        assertThat(g.dependencies("tests/test_forms.py")).containsExactlyInAnyOrder("app/__init__.py", "app/core.py",
                "app/util.py", "app/sub/__init__.py", "nsp/mod.py", "lib/helper.py", "src/srcpkg/__init__.py",
                "src/srcpkg/thing.py", "dyn/a.py", "dyn/b.py", "dyn/c.py");
        assertThat(g.dependencies("app/util.py")).containsExactly("app/__init__.py", "app/core.py");
        assertThat(g.dependencies("app/sub/__init__.py")).contains("app/util.py");
        assertThat(g.externals("tests/test_forms.py")).containsExactly("importlib", "numpy", "typing",
                "typing.TYPE_CHECKING", "ujson");
    }

    @Test
    void fromImportOfANameDependsOnTheModuleOnly() throws Exception {
        write(root, "pkg/__init__.py", "");
        write(root, "pkg/a.py", "def f(): pass\n");
        write(root, "pkg/f.py", "");
        write(root, "tests/test_x.py", "from pkg.a import f\n");
        assertThat(affected("pkg/a.py")).containsExactly("tests/test_x.py");
        assertThat(affected("pkg/f.py")).isEmpty();
        assertThat(affected("pkg/__init__.py")).containsExactly("tests/test_x.py");
    }

    @Test
    void transitiveConftestPluginsAndDataFiles() throws Exception {
        write(root, "pkg/__init__.py", "");
        write(root, "pkg/base.py", "");
        write(root, "pkg/mid.py", "from pkg import base\n");
        write(root, "plugins/fx.py", "");
        write(root, "tests/conftest.py", "pytest_plugins = ['plugins.fx']\n");
        write(root, "tests/test_a.py", "import pkg.mid\n");
        write(root, "tests/test_b.py", "");
        write(root, "tests/data/input.json", "{}");
        write(root, "other/test_c.py", "");
        assertThat(affected("pkg/base.py")).containsExactly("tests/test_a.py");
        assertThat(affected("tests/conftest.py")).containsExactly("tests/test_a.py", "tests/test_b.py");
        assertThat(affected("plugins/fx.py")).containsExactly("tests/test_a.py", "tests/test_b.py");
        assertThat(affected("tests/data/input.json")).containsExactly("tests/test_a.py", "tests/test_b.py");
        write(root, "pytest.ini", "[pytest]\n");
        assertThat(affected("pytest.ini")).containsExactly("other/test_c.py", "tests/test_a.py", "tests/test_b.py");
    }

    @Test
    void deletedModuleStillFindsItsImporters() throws Exception {
        write(root, "pkg/__init__.py", "");
        write(root, "pkg/gone.py", "");
        write(root, "tests/test_a.py", "from pkg import gone\n");
        graph();
        Files.delete(root.resolve("pkg/gone.py"));
        assertThat(affected("pkg/gone.py")).containsExactly("tests/test_a.py");
    }

    @Test
    void cacheKeepsUnchangedNodesAndRebuildsWhenCorrupted() throws Exception {
        write(root, "pkg/__init__.py", "");
        write(root, "pkg/a.py", "X = 1\n");
        write(root, "tests/test_a.py", "import pkg.a\n");
        ProjectConfig cfg = ProjectConfig.load(root, List.of());
        Path cache = root.resolve(".dxpy/graph.dxg");
        assertThat(GraphStore.load(cfg, cache, warnings::add).parsed()).isEqualTo(3);
        GraphStore.Loaded again = GraphStore.load(cfg, cache, warnings::add);
        assertThat(again.fromCache()).isTrue();
        assertThat(again.reread()).isZero();
        write(root, "pkg/a.py", "X = 2\nimport json\n");
        GraphStore.Loaded edited = GraphStore.load(cfg, cache, warnings::add);
        assertThat(edited.parsed()).isEqualTo(1);
        assertThat(edited.graph().nodes().get("pkg/a.py").imports()).containsExactly("json");
        byte[] bytes = Files.readAllBytes(cache);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(cache, bytes);
        GraphStore.Loaded rebuilt = GraphStore.load(cfg, cache, warnings::add);
        assertThat(rebuilt.fromCache()).isFalse();
        assertThat(rebuilt.parsed()).isEqualTo(3);
        assertThat(warnings).singleElement().asString().contains("is invalid").contains("rebuilding");
    }
}

package dev.dxpy.core.discovery;

import static dev.dxpy.core.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.config.ProjectConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect_ignore / collect_ignore_glob read from conftests without Python, with pytest's nearest-conftest rule. */
class ConftestIgnoresTest {
    @TempDir
    Path root;


    @Test
    void literalListsAreKnownAndAnythingElseIsComputed() {
        assertThat(ConftestIgnores.read("collect_ignore = ['a.py', \"b\"]\n").paths())
                .isEqualTo(new ConftestIgnores.Value(true, false, List.of("a.py", "b")));
        assertThat(ConftestIgnores.read("collect_ignore_glob = ('*_old.py',)\n").globs().entries()).containsExactly("*_old.py");
        assertThat(ConftestIgnores.read("import sys\n").computed()).isFalse();
        assertThat(ConftestIgnores.read("collect_ignore = []\nif x:\n    collect_ignore.append('a.py')\n").paths().computed())
                .isTrue();
        assertThat(ConftestIgnores.read("collect_ignore = ['a'] + more\n").paths().computed()).isTrue();
        assertThat(ConftestIgnores.read("if y:\n    collect_ignore = ['a']\n").paths().computed()).isTrue();
        assertThat(ConftestIgnores.read("collect_ignore = [name]\n").paths().computed()).isTrue();
    }

    @Test
    void theNearestConftestDefiningTheNameDecidesRelativeToItsDirectory() throws IOException {
        write(root, "conftest.py", "collect_ignore = ['test_a.py', 'sub/test_b.py', 'gone']\ncollect_ignore_glob = ['*/test_g*.py']\n");
        write(root, "near/conftest.py", "collect_ignore = []\n");
        ConftestIgnores ignores = new ConftestIgnores(root);
        assertThat(ignores.ignored(root.resolve("test_a.py"))).isTrue();
        assertThat(ignores.ignored(root.resolve("gone"))).isTrue();
        assertThat(ignores.ignored(root.resolve("sub/test_b.py"))).isTrue();
        assertThat(ignores.ignored(root.resolve("sub/test_c.py"))).isFalse();
        assertThat(ignores.ignored(root.resolve("sub/test_g1.py"))).isTrue();
        assertThat(ignores.ignored(root.resolve("near/test_a.py"))).isFalse();
        assertThat(ignores.undecided(root.resolve("sub/test_c.py"))).isFalse();
    }

    @Test
    void discoveryLeavesOutLiterallyIgnoredFilesAndFlagsComputedOnes() throws IOException {
        write(root, "conftest.py", "import sys\ncollect_ignore = ['test_old.py']\n");
        write(root, "test_old.py", "def test_x():\n    pass\n");
        write(root, "test_new.py", "def test_x():\n    pass\n");
        write(root, "sub/conftest.py", "collect_ignore_glob = ['test_*.py' if True else '']\n");
        write(root, "sub/test_s.py", "def test_x():\n    pass\n");
        DiscoveryResult r = new Discoverer(false).discover(ProjectConfig.defaults(root), List.of(), root, null, w -> {
        });
        assertThat(r.collection().tests()).extracting(t -> t.nodeId())
                .containsExactly("sub/test_s.py::test_x", "test_new.py::test_x");
        assertThat(Discoverer.ignoreComputed(root, List.of("test_new.py", "sub/test_s.py")))
                .containsExactly("sub/test_s.py");
    }
}

package dev.dxpy.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.config.ProjectConfig;
import dev.dxpy.core.discovery.DiscoveryResult;
import dev.dxpy.core.discovery.Discoverer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestIndexTest {
    @TempDir
    Path root;
    Path index;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void project() throws Exception {
        index = root.resolve(".dxpy/index.dxti");
        Files.writeString(root.resolve("pytest.ini"), "[pytest]\n");
        Files.writeString(root.resolve("conftest.py"), "import pytest\n@pytest.fixture(params=[1, 2])\ndef p(request): pass\n");
        for (int i = 0; i < 3; i++) {
            Files.writeString(root.resolve("test_" + i + ".py"), "def test_a(p): pass\ndef test_b(): pass\n");
        }
    }

    private DiscoveryResult run() {
        DiscoveryResult r = discover();
        TestIndex.awaitWrites(); // as the engine's close does: these tests read and damage the file themselves
        return r;
    }

    private DiscoveryResult discover() {
        return new Discoverer().discover(ProjectConfig.load(root, List.of()), List.of(), root, index, warnings::add);
    }

    @Test
    void aWriteThatFailsInTheBackgroundIsAWarningOfTheNextDiscovery() throws Exception {
        Files.createDirectories(index.resolve("in the way")); // the move onto it fails, after the checks
        discover();
        warnings.clear();
        assertThat(discover().collection().tests()).hasSize(9);
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("cannot write the dxpy index " + index)
                .endsWith("the next run parses every file again"));
        TestIndex.awaitWrites();
    }

    @Test
    void aDiscoveryReadsTheIndexAfterTheWriteOfThePreviousOne() throws Exception {
        for (int round = 0; round < 20; round++) {
            Files.deleteIfExists(index);
            assertThat(discover().collection().filesParsed()).isEqualTo(3); // its write goes on in the background
            assertThat(discover().collection().filesParsed()).as("round %d", round).isZero();
            Files.writeString(root.resolve("test_2.py"), "def test_a(p): pass\ndef test_r" + round + "(): pass\n");
            DiscoveryResult changed = discover();
            assertThat(changed.collection().filesParsed()).isEqualTo(1);
            assertThat(discover().collection().filesParsed()).isZero();
        }
        TestIndex.awaitWrites();
        assertThat(TestIndex.read(index, warnings::add).entries().get("test_2.py").tests())
                .extracting(CollectedTest::nodeId).contains("test_2.py::test_r19");
        assertThat(warnings).isEmpty();
    }

    private static List<String> ids(DiscoveryResult r) {
        return r.collection().tests().stream().map(CollectedTest::nodeId).toList();
    }

    @Test
    void secondRunParsesNothingAndAChangedFileIsReparsed() throws Exception {
        DiscoveryResult first = run();
        assertThat(first.collection().filesParsed()).isEqualTo(3);
        DiscoveryResult second = run();
        assertThat(second.collection().filesParsed()).isZero();
        assertThat(second.collection().filesFromIndex()).isEqualTo(3);
        assertThat(ids(second)).isEqualTo(ids(first));

        Files.writeString(root.resolve("test_1.py"), "def test_c(): pass\n");
        DiscoveryResult third = run();
        assertThat(third.collection().filesParsed()).isEqualTo(1);
        assertThat(ids(third)).contains("test_1.py::test_c").doesNotContain("test_1.py::test_b");
        assertThat(warnings).isEmpty();
    }

    @Test
    void touchedButUnchangedFileIsReusedByHash() throws Exception {
        run();
        Files.setLastModifiedTime(root.resolve("test_0.py"), FileTime.fromMillis(1_000_000));
        assertThat(run().collection().filesParsed()).isZero();
    }

    @Test
    void conftestChangeInvalidatesEverything() throws Exception {
        run();
        Files.writeString(root.resolve("conftest.py"), "import pytest\n@pytest.fixture(params=[3])\ndef p(request): pass\n");
        DiscoveryResult r = run();
        assertThat(r.collection().filesParsed()).isEqualTo(3);
        assertThat(ids(r)).contains("test_0.py::test_a[3]");
    }

    @Test
    void corruptedOrTruncatedIndexWarnsAndIsRebuilt() throws Exception {
        List<String> expected = ids(run());
        byte[] good = Files.readAllBytes(index);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x55;
        for (byte[] bad : List.of(flipped, Arrays.copyOf(good, good.length - 7), Arrays.copyOf(good, 3),
                new byte[] {'D', 'X', 'T', 'I', 0, 9})) {
            Files.write(index, bad);
            warnings.clear();
            DiscoveryResult r = run();
            assertThat(warnings).singleElement().asString().contains("rebuilding");
            assertThat(r.collection().filesParsed()).isEqualTo(3);
            assertThat(ids(r)).isEqualTo(expected);
            assertThat(run().collection().filesParsed()).isZero();
        }
    }

    @Test
    void roundTripsEntries() {
        DiscoveryResult r = run();
        TestIndex read = TestIndex.read(index, warnings::add);
        assertThat(read.entries()).containsKeys("test_0.py", "test_1.py", "test_2.py");
        assertThat(read.entries().get("test_0.py").tests()).extracting(CollectedTest::nodeId)
                .containsExactly("test_0.py::test_a[1]", "test_0.py::test_a[2]", "test_0.py::test_b");
        assertThat(r.collection().tests()).hasSize(9);
    }

    @Test
    void whetherAFileMentionsCacheTrueSurvivesTheIndex() throws Exception {
        Files.writeString(root.resolve("test_1.py"), "import dx_py_test_runner as dx\n"
                + "@dx.fixture(cache = True)\ndef big(): return 1\ndef test_c(big): pass\n");
        Files.writeString(root.resolve("test_2.py"), "def test_d():\n    cache = 'True'\n");
        DiscoveryResult parsed = run();
        DiscoveryResult fromIndex = run();
        assertThat(fromIndex.collection().filesParsed()).isZero();
        for (DiscoveryResult r : List.of(parsed, fromIndex)) {
            assertThat(r.mentionsCache()).containsEntry("test_1.py", true).containsEntry("test_0.py", false)
                    .containsEntry("test_2.py", false);
        }
        assertThat(TestIndex.read(index, warnings::add).entries().get("test_1.py").mentionsCache()).isTrue();
    }

    @Test
    void marksSurviveTheIndex() throws Exception {
        Files.writeString(root.resolve("test_1.py"), "import pytest\n@pytest.mark.slow\ndef test_m(): pass\n");
        DiscoveryResult first = run();
        DiscoveryResult second = run();
        assertThat(second.collection().filesParsed()).isZero();
        assertThat(second.collection().tests()).isEqualTo(first.collection().tests());
        assertThat(second.collection().tests()).filteredOn(t -> t.nodeId().equals("test_1.py::test_m"))
                .singleElement().satisfies(t -> assertThat(t.marks()).containsExactly("slow"));
    }
}

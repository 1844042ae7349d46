package dev.dxpy.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.config.ProjectConfig;
import dev.dxpy.core.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated corpus' manifest lists every node id pytest collects; discovery must find exactly those. */
class CorpusConformanceTest {

    @TempDir
    Path tmp;

    @Test
    void collectsExactlyTheManifestNodeIds() throws Exception {
        Path corpus = Corpus.generate(tmp.resolve("corpus"), "--files", "30", "--modules", "20", "--tests-per-file", "20");
        String manifest = Corpus.manifest(corpus);
        Set<String> expected = nodeIds(manifest);

        List<String> warnings = new ArrayList<>();
        DiscoveryResult r = new Discoverer().discover(ProjectConfig.load(corpus, List.of()), List.of(), corpus, null,
                warnings::add);

        assertThat(r.collection().errors()).isEmpty();
        Set<String> actual = r.collection().tests().stream().map(CollectedTest::nodeId)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(actual).isEqualTo(expected);
        assertThat(r.collection().tests()).noneMatch(CollectedTest::runtimeParametrized);
    }

    private static Set<String> nodeIds(String manifest) {
        int start = manifest.indexOf("\"nodeids\"");
        int open = manifest.indexOf('{', start);
        int close = manifest.indexOf('}', open);
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:").matcher(manifest.substring(open, close));
        Set<String> ids = new TreeSet<>();
        while (m.find()) {
            ids.add(m.group(1).replace("\\\\", "\\"));
        }
        return ids;
    }
}

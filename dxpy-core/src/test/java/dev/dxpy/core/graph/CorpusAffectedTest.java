package dev.dxpy.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.config.ProjectConfig;
import dev.dxpy.core.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ground truth: for every pkg/mNNN.py of a generated corpus, the selected test files are manifest.json's {@code affected}. */
class CorpusAffectedTest {
    @TempDir
    Path tmp;

    @Test
    void selectionEqualsTheManifest() throws Exception {
        Path corpus = Corpus.generate(tmp.resolve("corpus"), "--files", "30", "--modules", "40");
        Map<String, Set<String>> expected = affected(Corpus.manifest(corpus));
        assertThat(expected).hasSize(40);
        List<String> warnings = new ArrayList<>();
        ImportGraph g = GraphStore.load(ProjectConfig.load(corpus, List.of()), corpus.resolve(".dxpy/graph.dxg"),
                warnings::add).graph();
        Map<String, Set<String>> actual = new TreeMap<>();
        for (String module : expected.keySet()) {
            actual.put(module, g.affectedTests(List.of(module)));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(warnings).isEmpty();
    }

    /** The {@code "affected": {"pkg/m000.py": ["tests/...", ...], ...}} object of the manifest. */
    static Map<String, Set<String>> affected(String manifest) {
        int start = manifest.indexOf("\"affected\"");
        int open = manifest.indexOf('{', start);
        int close = manifest.indexOf('}', open);
        Map<String, Set<String>> out = new TreeMap<>();
        Matcher m = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(manifest.substring(open, close));
        while (m.find()) {
            Set<String> files = new TreeSet<>();
            Matcher f = Pattern.compile("\"([^\"]+)\"").matcher(m.group(2));
            while (f.find()) {
                files.add(f.group(1));
            }
            out.put(m.group(1), files);
        }
        return out;
    }
}

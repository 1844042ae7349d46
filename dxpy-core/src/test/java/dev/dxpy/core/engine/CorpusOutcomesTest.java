package dev.dxpy.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import dev.dxpy.core.testing.Corpus;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every outcome of a generated corpus' manifest, reproduced by a real run on two workers. */
class CorpusOutcomesTest {
    @TempDir
    Path tmp;

    @Test
    void everyManifestOutcomeMatches() throws Exception {
        Path corpus = Corpus.generate(tmp.resolve("corpus"), "--files", "25", "--modules", "20", "--tests-per-file", "20");
        Map<String, String> expected = manifestOutcomes(Corpus.manifest(corpus));

        RunResult r;
        try (DxEngine engine = new DxEngine(EngineConfig.builder().invocationDir(corpus).workers(2).build())) {
            r = engine.run(RunListener.NONE);
        }
        Map<String, String> actual = new TreeMap<>();
        for (TestResult t : r.results()) {
            actual.put(t.nodeId(), t.outcome().label());
        }
        assertThat(r.errors()).isEmpty();
        assertThat(actual).isEqualTo(expected);
    }

    static Map<String, String> manifestOutcomes(String manifest) {
        int start = manifest.indexOf("\"nodeids\"");
        int open = manifest.indexOf('{', start);
        int close = manifest.indexOf('}', open);
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\"(\\w+)\"").matcher(manifest.substring(open, close));
        Map<String, String> out = new TreeMap<>();
        while (m.find()) {
            out.put(m.group(1).replace("\\\\", "\\"), m.group(2));
        }
        return out;
    }
}

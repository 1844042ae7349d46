package dev.dxpy.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A suite written by {@code shared/corpus/gen_corpus.py} (found beside the repository), with its manifest. */
public final class Corpus {

    private Corpus() {
    }

    /** The generator, looked for upwards from the working directory; null when this checkout has no {@code shared/} beside it. */
    public static Path generator() {
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path g = d.resolve("shared/corpus/gen_corpus.py");
            if (Files.isRegularFile(g)) {
                return g;
            }
        }
        return null;
    }

    /** Writes a corpus into {@code dir} with the generator's options (e.g. {@code --files 30}); skips the test without a generator. */
    public static Path generate(Path dir, String... options) throws Exception {
        Path gen = generator();
        assumeTrue(gen != null, "needs shared/corpus/gen_corpus.py beside the repository");
        List<String> cmd = new ArrayList<>(List.of("python3", gen.toString(), dir.toString()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("gen_corpus.py finished").isTrue();
        assertThat(p.exitValue()).as("gen_corpus.py: %s", out).isZero();
        return dir;
    }

    /** The manifest's text. */
    public static String manifest(Path dir) throws Exception {
        return Files.readString(dir.resolve("manifest.json"));
    }
}

package dev.dxpy.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.Baseline;
import dev.dxpy.core.api.EngineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineFileTest {

    @TempDir
    Path dir;

    @Test
    void keepsOneEntryPerSelection() throws Exception {
        BaselineFile file = new BaselineFile(dir.resolve(".dxpy/baseline.json"));
        Baseline a = new Baseline(Duration.ofMillis(14_200), Instant.parse("2025-11-26T10:00:00Z"));
        Baseline b = new Baseline(Duration.ofMillis(300), Instant.parse("2025-11-27T10:00:00Z"));
        file.write("tests -k \"fast\"", a);
        file.write("", b);
        assertThat(file.read("tests -k \"fast\"")).contains(a);
        assertThat(file.read("")).contains(b);
        assertThat(file.read("other")).isEmpty();
        assertThat(Files.readString(dir.resolve(".dxpy/baseline.json"))).contains("\"seconds\": 14.200");
    }

    @Test
    void aDamagedFileIsNoBaseline() throws Exception {
        Files.writeString(dir.resolve("baseline.json"), "{\"\": {\"seconds\": x, \"measured\": \"?\"}");
        assertThat(new BaselineFile(dir.resolve("baseline.json")).read("")).isEmpty();
    }

    @Test
    void measuresPytestOnTheSameSelectionAndRecordsIt() throws Exception {
        Files.writeString(dir.resolve("pytest.ini"), "[pytest]\n");
        Files.writeString(dir.resolve("test_a.py"), "def test_one():\n    pass\n\ndef test_two():\n    pass\n");
        EngineConfig config = EngineConfig.builder().invocationDir(dir).keyword("one").build();
        Clock clock = Clock.fixed(Instant.parse("2025-11-26T10:00:00Z"), ZoneOffset.UTC);
        PytestBaseline pytest = new PytestBaseline(config, clock);
        assertThat(pytest.command(Path.of("py"))).containsExactly("py", "-m", "pytest", "-p", "no:cacheprovider", "-q", "-k", "one");
        assertThat(pytest.recorded()).isEmpty();
        Baseline measured = pytest.measure();
        assertThat(measured.measured()).isEqualTo(clock.instant());
        assertThat(measured.pytestTime()).isPositive();
        Baseline recorded = new PytestBaseline(config, clock).recorded().orElseThrow();
        assertThat(recorded.measured()).isEqualTo(measured.measured());
        assertThat(recorded.pytestTime().minus(measured.pytestTime()).abs()).isLessThan(Duration.ofMillis(1));
        assertThat(dir.resolve(".dxpy/baseline.json")).exists();
    }
}

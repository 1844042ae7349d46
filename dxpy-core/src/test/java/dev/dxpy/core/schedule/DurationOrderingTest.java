package dev.dxpy.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.TestResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurationOrderingTest {
    @TempDir
    Path dir;

    private static FileTask task(String file, int tests) {
        List<CollectedTest> ts = new ArrayList<>();
        for (int i = 0; i < tests; i++) {
            ts.add(new CollectedTest(TestId.parse(file + "::test_" + i), 1, false));
        }
        return new FileTask(file, ts);
    }

    private static TestResult result(String nodeId, long ms) {
        return new TestResult(TestId.parse(nodeId), Outcome.PASSED, Duration.ofMillis(ms), "", "", "", "", false);
    }

    @Test
    void durationsAreStoredPerFileAndMergedAcrossRuns() {
        Path file = dir.resolve(".dxpy/durations");
        DurationStore.load(file).record(List.of(result("a.py::t1", 5), result("a.py::t2", 7), result("b.py::t", 1)));
        DurationStore.load(file).record(List.of(result("b.py::t", 3)));
        assertThat(DurationStore.load(file).byFile()).isEqualTo(Map.of("a.py", 12_000_000L, "b.py", 3_000_000L));
        assertThat(DurationStore.load(dir.resolve("missing")).byFile()).isEmpty();
    }

    @Test
    void theLongestKnownFilesAreDealtFirstToTheLeastLoadedWorker() {
        List<FileTask> tasks = List.of(task("fast.py", 50), task("slow.py", 2), task("mid.py", 5), task("new.py", 1));
        Map<String, Long> known = Map.of("fast.py", 10_000_000L, "slow.py", 900_000_000L, "mid.py", 400_000_000L);
        List<List<FileTask>> shares = new WorkStealingScheduler(2, name -> null, null, known).deal(tasks, 2);
        assertThat(shares.get(0)).extracting(FileTask::file).containsExactly("slow.py");
        assertThat(shares.get(1)).extracting(FileTask::file).containsExactly("mid.py", "new.py", "fast.py");
    }

    @Test
    void filesThatFailedLastTimeAreDealtFirstWhateverTheirDuration() {
        List<FileTask> tasks = List.of(task("fast.py", 50), task("slow.py", 2), task("failed_fast.py", 1),
                task("failed_mid.py", 1));
        Map<String, Long> known = Map.of("fast.py", 10_000_000L, "slow.py", 900_000_000L,
                "failed_fast.py", 1_000_000L, "failed_mid.py", 50_000_000L);
        List<List<FileTask>> shares = new WorkStealingScheduler(2, name -> null, null, known,
                java.util.Set.of("failed_fast.py", "failed_mid.py")).deal(tasks, 2);
        assertThat(shares.get(0).get(0).file()).isEqualTo("failed_mid.py");
        assertThat(shares.get(1).get(0).file()).isEqualTo("failed_fast.py");
        assertThat(shares.get(0)).extracting(FileTask::file).containsExactly("failed_mid.py", "fast.py");
        assertThat(shares.get(1)).extracting(FileTask::file).containsExactly("failed_fast.py", "slow.py");
    }
}

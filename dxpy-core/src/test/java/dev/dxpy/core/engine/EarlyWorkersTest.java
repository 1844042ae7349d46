package dev.dxpy.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.EngineConfig;
import dev.dxpy.core.protocol.Configure;
import dev.dxpy.core.worker.PythonInterpreter;
import dev.dxpy.core.worker.WorkerFiles;
import dev.dxpy.core.worker.WorkerProcess;
import dev.dxpy.core.worker.WorkerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers launched before discovery: taken by slot name and configured then; the rest are killed. */
class EarlyWorkersTest {
    @TempDir
    Path project;
    /** Third-party modules: outside the project (the worker never preloads what lies inside the rootdir). */
    @TempDir
    Path site;

    private WorkerSpec spec(Map<String, String> env) {
        Configure configure = new Configure(project.toString(), List.of("test_*.py"), List.of("Test"), List.of("test"),
                List.of(), List.of(), 0);
        return new WorkerSpec(PythonInterpreter.resolve(null, System.getenv("PATH")),
                WorkerFiles.extract(WorkerFiles.defaultCacheRoot()), project, env, configure);
    }

    @Test
    void aSlotTakesTheWorkerLaunchedUnderItsNameAndCloseKillsTheOthers() {
        EngineConfig config = EngineConfig.builder().invocationDir(project).environment(Map.of()).build();
        WorkerProcess taken;
        try (EarlyWorkers early = EarlyWorkers.launch(config, 2)) {
            taken = early.take("gw0", spec(Map.of()));
            assertThat(taken).isNotNull();
            assertThat(taken.hello()).as("configured: its Hello was read").isNotNull();
            assertThat(taken.name()).isEqualTo("gw0");
            assertThat(early.take("gw0", spec(Map.of()))).as("taken once").isNull();
            assertThat(early.take("gw7", spec(Map.of()))).as("never launched").isNull();
        }
        assertThat(taken.isAlive()).as("a taken worker belongs to its slot, not to close()").isTrue();
        taken.close();
    }

    @Test
    void aWorkerLaunchedForAnotherEnvironmentIsNotUsed() {
        EngineConfig config = EngineConfig.builder().invocationDir(project).environment(Map.of()).build();
        try (EarlyWorkers early = EarlyWorkers.launch(config, 1)) {
            assertThat(early.take("gw0", spec(Map.of("DXPY_OTHER", "1")))).isNull();
        }
    }

    @Test
    void prestartedWorkersAreWhatTheNextRunGetsAndASecondPrestartKillsTheFirst() throws Exception {
        EngineConfig config = EngineConfig.builder().invocationDir(project).environment(Map.of()).build();
        EarlyWorkers.prestart(config, 1);
        EarlyWorkers.prestart(config, 2); // replaces the first: its worker is killed once launched
        WorkerProcess taken;
        try (EarlyWorkers early = EarlyWorkers.prestartedOrLaunch(config, 2)) {
            taken = early.take("gw1", spec(Map.of()));
            assertThat(taken).as("gw1 exists only in the second prestart").isNotNull();
            assertThat(taken.hello()).isNotNull();
        }
        taken.close();
        try (EarlyWorkers again = EarlyWorkers.prestartedOrLaunch(config, 1)) { // nothing prestarted: a launch
            WorkerProcess w = again.take("gw0", spec(Map.of()));
            assertThat(w).isNotNull();
            w.close();
        }
    }

    @Test
    void prestartedWorkersForAnotherInterpreterAreKilledAndTheSlotStartsItsOwn() throws Exception {
        Path fake = project.resolve("python3");
        Files.writeString(fake, "#!/bin/sh\nexec python3 \"$@\"\n");
        fake.toFile().setExecutable(true);
        EarlyWorkers.prestart(EngineConfig.builder().invocationDir(project).python(fake.toString())
                .environment(Map.of()).build(), 1);
        EngineConfig config = EngineConfig.builder().invocationDir(project).environment(Map.of()).build();
        try (EarlyWorkers early = EarlyWorkers.prestartedOrLaunch(config, 1)) {
            assertThat(early.take("gw0", spec(Map.of()))).as("launched with another interpreter").isNull();
        }
    }

    @Test
    void theLastRunsPreloadsAreImportedBeforeConfigureAndSuchAWorkerServesOnlyARunTheyFit() throws Exception {
        Files.writeString(site.resolve("early_dep.py"), "import os\nopen(os.environ['MARK'], 'w').write('imported')\n");
        Path mark = project.resolve("mark");
        Map<String, String> env = Map.of("PYTHONPATH", site.toString(), "MARK", mark.toString());
        Configure withDep = new Configure(project.toString(), List.of("test_*.py"), List.of("Test"), List.of("test"),
                List.of(), List.of("early_dep"), 0);
        Path cache = WorkerFiles.defaultCacheRoot();
        PreloadHint.remember(cache, project, withDep);
        assertThat(PreloadHint.read(cache, project)).isEqualTo(new PreloadHint(project.toString(), List.of("early_dep")));
        EngineConfig config = EngineConfig.builder().invocationDir(project).environment(env).build();
        try (EarlyWorkers early = EarlyWorkers.launch(config, 2)) {
            for (int i = 0; i < 200 && !Files.exists(mark); i++) {
                Thread.sleep(50);
            }
            assertThat(mark).as("imported before any Configure was sent").exists();
            WorkerProcess fits = early.take("gw0", spec(env).withConfigure(withDep));
            assertThat(fits).isNotNull();
            fits.close();
            // a run whose preloads lack the hinted module: the worker that imported it is not used
            assertThat(early.take("gw1", spec(env))).isNull();
        } finally {
            PreloadHint.remember(cache, project, spec(env).configure()); // no preloads: the hint is removed
        }
        assertThat(PreloadHint.read(cache, project)).isNull();
    }
}

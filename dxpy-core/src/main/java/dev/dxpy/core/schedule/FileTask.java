package dev.dxpy.core.schedule;

import dev.dxpy.core.api.CollectedTest;
import java.util.List;

/** The tests of one file, run together on one worker so module and class fixtures are set up once. */
public record FileTask(String file, List<CollectedTest> tests) {

    public FileTask {
        tests = List.copyOf(tests);
    }
}

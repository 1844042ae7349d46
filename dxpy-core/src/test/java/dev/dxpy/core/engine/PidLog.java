package dev.dxpy.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A file the tests of a generated suite append "name pid" lines to: which worker ran each test, and proof
 * that none ran twice (a lost result makes its test run again).
 */
record PidLog(Path file) {

    /** Python source defining {@code function(name)}, which appends the line (needs {@code import os}). */
    String pythonFunction(String function) {
        String path = "'" + file.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
        return "def " + function + "(name):\n    with open(" + path + ", 'a') as f:\n"
                + "        f.write(name + ' ' + str(os.getpid()) + '\\n')\n\n";
    }

    /** Test name to the pid that ran it; fails naming the test ({@code label} before its name) if one ran twice. */
    Map<String, String> onceEach(String label) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.split(" ");
            assertThat(out.put(parts[0], parts[1])).as(label + parts[0] + " ran twice").isNull();
        }
        return out;
    }
}

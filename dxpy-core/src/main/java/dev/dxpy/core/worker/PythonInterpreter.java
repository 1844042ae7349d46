package dev.dxpy.core.worker;

import dev.dxpy.core.api.InterpreterNotFoundException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the interpreter workers run with: the configured one, else {@code python3} on PATH. */
public final class PythonInterpreter {

    private PythonInterpreter() {
    }

    /** Resolves {@code configured} (a path or a command name; null means {@code python3}) to an executable path. */
    public static Path resolve(String configured, String pathEnv) {
        String name = configured == null ? "python3" : configured;
        if (name.contains("/") || name.contains(File.separator)) {
            Path p = Path.of(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
            throw new InterpreterNotFoundException("Python interpreter not found: " + name
                    + " does not exist or is not executable. Pass an existing interpreter with --python"
                    + " (CLI) or <python>/-Ddxpy.python (Maven).");
        }
        if (pathEnv != null) {
            for (String dir : pathEnv.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new InterpreterNotFoundException("Python interpreter not found: no '" + name + "' on PATH. Install"
                + " Python 3.8+ or pass its path with --python (CLI) or <python>/-Ddxpy.python (Maven).");
    }
}

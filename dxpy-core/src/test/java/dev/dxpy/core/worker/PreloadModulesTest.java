package dev.dxpy.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreloadModulesTest {
    @TempDir
    Path root;

    @Test
    void keepsThirdPartyTopLevelNamesAndDropsTheProjectsOwnModules() throws IOException {
        Files.createDirectories(root.resolve("src/mypkg"));
        Files.createDirectories(root.resolve("tests"));
        Files.writeString(root.resolve("tests/helpers.py"), "");
        Files.writeString(root.resolve("util.py"), "");
        Map<String, List<String>> imports = Map.of(
                "tests/test_a.py", List.of("numpy.linalg", "os.path", "helpers", "util", "mypkg.core", "pytest"),
                "tests/test_b.py", List.of("numpy", "sqlalchemy.orm", "__future__", "dx_py_test_runner.dx"));

        List<String> preload = PreloadModules.compute(imports, root, List.of(root.resolve("src")), List.of("django"));

        assertThat(preload).startsWith("django")
                .contains("numpy", "sqlalchemy", "pytest", "os") // os: the worker drops stdlib names itself
                .doesNotContain("helpers", "util", "mypkg", "__future__", "dx_py_test_runner", "numpy.linalg")
                .doesNotHaveDuplicates();
    }
}

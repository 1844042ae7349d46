package dev.dxpy.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectConfigTest {
    @TempDir
    Path root;

    @Test
    void pytestIniCountsEvenWithoutSection() throws Exception {
        Files.writeString(root.resolve("pytest.ini"), "# empty\n");
        Files.createDirectories(root.resolve("a/b"));
        ProjectConfig c = ProjectConfig.load(root.resolve("a/b"), List.of());
        assertThat(c.rootdir()).isEqualTo(root.toRealPath());
        assertThat(c.pythonFiles()).containsExactly("test_*.py", "*_test.py");
        assertThat(c.pythonClasses()).containsExactly("Test");
    }

    @Test
    void iniOptionsWithContinuationLines() throws Exception {
        Files.writeString(root.resolve("tox.ini"), "[tox]\nenv=1\n[pytest]\ntestpaths =\n    tests\n    more\n"
                + "python_files = check_*.py\npython_functions = t_* *_check\nmarkers =\n    slow: slow tests\n    db(x)\naddopts = -q  -x\n");
        ProjectConfig c = ProjectConfig.load(root, List.of());
        assertThat(c.inifile()).isEqualTo(root.resolve("tox.ini"));
        assertThat(c.testpaths()).containsExactly("tests", "more");
        assertThat(c.pythonFiles()).containsExactly("check_*.py");
        assertThat(c.markers()).containsExactly("slow", "db");
        assertThat(c.addopts()).isEqualTo("-q  -x");
        assertThat(c.isTestFunctionName("t_a")).isTrue();
        assertThat(c.isTestFunctionName("a_check")).isTrue();
        assertThat(c.isTestFunctionName("test_a")).isFalse();
    }

    @Test
    void toxIniWithoutSectionIsSkippedForSetupCfg() throws Exception {
        Files.writeString(root.resolve("tox.ini"), "[tox]\nenvlist = py3\n");
        Files.writeString(root.resolve("setup.cfg"), "[tool:pytest]\nnorecursedirs = legacy\n");
        ProjectConfig c = ProjectConfig.load(root, List.of());
        assertThat(c.inifile()).isEqualTo(root.resolve("setup.cfg"));
        assertThat(c.isNorecurse("legacy")).isTrue();
        assertThat(c.isNorecurse("build")).isFalse();
        assertThat(c.isNorecurse("__pycache__")).isTrue();
    }

    @Test
    void pyprojectIniOptionsTable() throws Exception {
        Files.writeString(root.resolve("pyproject.toml"), "[project]\nname = \"x\" # c\n\n[tool.pytest.ini_options]\n"
                + "testpaths = [\n  \"tests\", # first\n  'it',\n]\npython_classes = \"Check\"\naddopts = [\"-ra\", \"-q\"]\n"
                + "markers = [\"slow: long\"]\n");
        ProjectConfig c = ProjectConfig.load(root, List.of());
        assertThat(c.testpaths()).containsExactly("tests", "it");
        assertThat(c.pythonClasses()).containsExactly("Check");
        assertThat(c.addopts()).isEqualTo("-ra -q");
        assertThat(c.markers()).containsExactly("slow");
    }

    @Test
    void pyprojectWithoutPytestTableStillSetsRootdir() throws Exception {
        Files.writeString(root.resolve("pyproject.toml"), "[project]\nname = 'x'\n");
        Files.createDirectories(root.resolve("sub"));
        ProjectConfig c = ProjectConfig.load(root.resolve("sub"), List.of());
        assertThat(c.rootdir()).isEqualTo(root.toAbsolutePath().normalize());
    }

    @Test
    void noConfigUsesCommonAncestorOfArgsAndInvocationDir() throws Exception {
        Files.createDirectories(root.resolve("x/a"));
        Files.createDirectories(root.resolve("x/b"));
        Files.writeString(root.resolve("x/b/test_q.py"), "");
        ProjectConfig c = ProjectConfig.load(root.resolve("x"), List.of("a", "b/test_q.py::test_z"));
        assertThat(c.rootdir()).isEqualTo(root.resolve("x").toAbsolutePath().normalize());
        assertThat(c.inifile()).isNull();
    }

    @Test
    void globsAndPrefixesMatchLikePytest() {
        assertThat(Fnmatch.matches("test_a.py", "test_*.py")).isTrue();
        assertThat(Fnmatch.matches("a_test.py", "test_*.py")).isFalse();
        assertThat(Fnmatch.matches("x1.py", "x[0-9].py")).isTrue();
        assertThat(Fnmatch.matches("xa.py", "x[!0-9].py")).isTrue();
        ProjectConfig c = ProjectConfig.defaults(Path.of("/tmp"));
        assertThat(c.isTestClassName("Testing")).isTrue();
        assertThat(c.isTestFunctionName("testify")).isTrue();
        assertThat(c.isNorecurse(".venv")).isTrue();
    }

    @Test
    void theFastPathsOfFnmatchAgreeWithTheTranslatedRegex() {
        java.util.Random r = new java.util.Random(7);
        String alphabet = "tes_.py*";
        List<String> patterns = new java.util.ArrayList<>(List.of("test_*.py", "*_test.py", "*", "", "a*", "*b", "t*t",
                "test_a.py", "**", "*.*"));
        for (int i = 0; i < 200; i++) {
            patterns.add(word(r, alphabet, 6));
        }
        for (String p : patterns) {
            java.util.regex.Pattern re = java.util.regex.Pattern.compile(Fnmatch.translate(p), java.util.regex.Pattern.DOTALL);
            for (int i = 0; i < 200; i++) {
                String name = word(r, "tes_.pyab", 9);
                assertThat(Fnmatch.matches(name, p)).as("%s against %s", name, p).isEqualTo(re.matcher(name).matches());
            }
        }
    }

    private static String word(java.util.Random r, String alphabet, int max) {
        StringBuilder b = new StringBuilder();
        for (int n = r.nextInt(max + 1); n > 0; n--) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}

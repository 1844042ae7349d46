package dev.dxpy.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The site renders, its configuration reference covers the mojos, and the getting-started examples still work. */
class SiteTest {

    private static final Path SITE = Path.of(System.getProperty("dxpy.site.dir", "."));
    private static final Path REPO = Path.of(System.getProperty("dxpy.repo.dir", "..")).normalize();

    @TempDir
    Path out;

    @Test
    void everyPageRendersAndEveryLocalLinkResolves() throws Exception {
        SiteGenerator.generate(SITE, REPO.resolve("docs/benchmarks.md"), out);
        for (String page : SiteGenerator.PAGES.keySet()) {
            String html = Files.readString(out.resolve(page + ".html"));
            assertThat(html).contains("<nav>").contains("<h1>");
            Matcher links = Pattern.compile("href=\"([\\w.-]+\\.html)[#\"]").matcher(html);
            while (links.find()) {
                assertThat(out.resolve(links.group(1))).as("link from %s.html", page).exists();
            }
        }
    }

    @Test
    void theConfigurationReferenceListsEveryTestParameterWithItsProperty() throws Exception {
        List<ConfigReference.Goal> goals;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/maven/plugin.xml")) {
            goals = ConfigReference.read(in);
        }
        assertThat(goals).extracting(ConfigReference.Goal::name).contains("test", "collect");
        ConfigReference.Goal test = goals.stream().filter(g -> g.name().equals("test")).findFirst().orElseThrow();
        assertThat(test.phase()).isEqualTo("test");
        assertThat(test.parameters()).extracting(ConfigReference.Parameter::name).contains("python", "testPaths",
                "workers", "test", "markers", "timeout", "skipTests", "testFailureIgnore", "failIfNoTests",
                "reportsDirectory", "environmentVariables", "workingDirectory", "updateSnapshots", "preload");
        assertThat(goals).extracting(ConfigReference.Goal::name).contains("watch", "daemon-stop");
        String md = ConfigReference.markdown(goals);
        assertThat(md).contains("| `workers` | `dxpy.workers` | int | `0` |")
                .contains("| `reportsDirectory` | `dxpy.reportsDirectory` | File | `${project.build.directory}/surefire-reports` |")
                .contains("| `preload` | `dxpy.preload` | List |").contains("## `dxpy:daemon-stop`");
    }

    @Test
    void theMavenSnippetNamesThisPluginAndItsTestGoal() throws Exception {
        String page = Files.readString(SITE.resolve("getting-started.md"));
        String xml = block(page, "xml").get(0);
        Document snippet = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Document descriptor;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/maven/plugin.xml")) {
            descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        for (String element : List.of("groupId", "artifactId", "version")) {
            assertThat(text(snippet, element)).as(element).isEqualTo(text(descriptor, element));
        }
        assertThat(text(snippet, "goal")).isEqualTo("test");
    }

    /** Runs each {@code $ dx-py ...} line of getting-started.md and checks that the lines shown under it are printed. */
    @Test
    void theGettingStartedCommandsPrintWhatThePageShows() throws Exception {
        String page = Files.readString(SITE.resolve("getting-started.md"));
        int commands = 0;
        for (String console : block(page, "console")) {
            Path dir = REPO;
            String command = null;
            List<String> expected = new ArrayList<>();
            for (String line : (console + "$ \n").lines().toList()) {
                if (line.startsWith("$ ")) {
                    if (command != null) {
                        check(dir, command, expected);
                        commands++;
                    }
                    expected.clear();
                    command = line.substring(2).trim();
                    if (command.startsWith("cd ")) {
                        dir = dir.resolve(command.substring(3).trim());
                        command = null;
                    } else if (command.isEmpty()) {
                        command = null;
                    }
                } else {
                    expected.add(line);
                }
            }
        }
        assertThat(commands).isGreaterThanOrEqualTo(3);
    }

    /** The Python API page's first example runs against the jar this build made and the worker package. */
    @Test
    void thePythonApiExampleRuns() throws Exception {
        String example = block(Files.readString(SITE.resolve("python-api.md")), "python").get(0);
        Path jar = REPO.resolve("dxpy-cli/target/dx-py.jar").toAbsolutePath();
        Path worker = REPO.resolve("python-worker/target/classes/dxpy-worker").toAbsolutePath();
        assertThat(jar).as("the shaded CLI jar, built before this module").isRegularFile();
        Path script = out.resolve("example.py");
        Files.writeString(script, example);
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString()).directory(REPO.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", worker.toString());
        pb.environment().put("DXPY_JAR", jar.toString());
        pb.environment().remove("CI"); // the example runs the suite; CI mode would also write a report
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("python-api.md example printed:%n%s", output).isZero();
        assertThat(output).contains("tests, first: tests/test_ops.py::").contains("failed");
    }

    private static void check(Path dir, String command, List<String> expected) throws Exception {
        assertThat(command).startsWith("dx-py ");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.dxpy.cli.Main"));
        cmd.addAll(List.of(command.substring("dx-py ".length()).split(" ")));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        List<String> actual = output.lines().toList();
        for (String want : expected) {
            if (want.equals("...")) {
                continue;
            }
            String regex = Stream.of(want.split("\\.\\.\\.", -1)).map(Pattern::quote).reduce((a, b) -> a + ".*").orElse("");
            assertThat(actual).as("`%s` in %s printed:%n%s", command, dir, output).anyMatch(l -> l.matches(regex));
        }
    }

    private static List<String> block(String markdown, String lang) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```" + lang + "\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String text(Document doc, String tag) {
        return doc.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}

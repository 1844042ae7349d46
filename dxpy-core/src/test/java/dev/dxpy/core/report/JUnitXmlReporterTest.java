package dev.dxpy.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class JUnitXmlReporterTest {

    @TempDir
    Path tmp;

    private JUnitXmlReporter reporter(Path file) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:01:04.852178Z"), ZoneOffset.UTC);
        return new JUnitXmlReporter(file, Map.of("python", "3.11"), clock, "vm");
    }

    @Test
    void writesWhatPytestWritesForTheSameSuite() throws IOException {
        Path file = tmp.resolve("reports/nested/junit.xml");
        SampleRun.replay(reporter(file), SampleRun.RUN);

        // pytest 9's --junit-xml output, with captured output as junit_logging=system-out/system-err adds it
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/report/pytest-junit.xml")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(file)).isEqualTo(expected);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file is left behind").containsExactly(file);
        }
    }

    @Test
    void outputIsWellFormedAndCountsAddUp() throws Exception {
        Path file = tmp.resolve("junit.xml");
        SampleRun.replay(reporter(file), SampleRun.RUN);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        var suite = doc.getDocumentElement().getElementsByTagName("testsuite").item(0).getAttributes();
        assertThat(suite.getNamedItem("tests").getNodeValue()).isEqualTo("9");
        assertThat(suite.getNamedItem("failures").getNodeValue()).isEqualTo("2");
        assertThat(suite.getNamedItem("errors").getNodeValue()).isEqualTo("2");
        assertThat(suite.getNamedItem("skipped").getNodeValue()).isEqualTo("2");
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(9);
    }

    @Test
    void controlCharactersAreMadeVisibleLikePytest() {
        assertThat(Xml.escape("a\u001bb <&>", false)).isEqualTo("a#x1Bb &lt;&amp;&gt;");
        assertThat(Xml.escape("l1\nl2 \"q\"", true)).isEqualTo("l1&#10;l2 &quot;q&quot;");
        assertThat(Xml.escape("emoji \uD83D\uDE00", false)).isEqualTo("emoji \uD83D\uDE00");
    }
}

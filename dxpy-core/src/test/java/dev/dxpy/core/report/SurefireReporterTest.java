package dev.dxpy.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

class SurefireReporterTest {

    @TempDir
    Path tmp;

    private List<Path> writeSample() throws IOException {
        List<TestResult> results = new ArrayList<>(SampleRun.RESULTS);
        results.add(SampleRun.result("tests/sub/test_b.py::test_other", Outcome.PASSED, "", "", "", ""));
        RunResult run = new RunResult(results, List.of(SampleRun.BAD), Duration.ofMillis(200), false);
        SampleRun.replay(new SurefireReporter(tmp.resolve("surefire-reports"), Map.of("python", "3.11")), run);
        try (var files = Files.list(tmp.resolve("surefire-reports"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void writesOneReportPerTestFileNamedAfterItsModule() throws IOException {
        assertThat(writeSample()).extracting(p -> p.getFileName().toString())
                .containsExactly("TEST-tests.sub.test_b.xml", "TEST-tests.test_a.xml", "TEST-tests.test_bad.xml");
    }

    @Test
    void reportsCountAndDescribeEachOutcome() throws Exception {
        writeSample();
        Element suite = parse(tmp.resolve("surefire-reports/TEST-tests.test_a.xml")).getDocumentElement();
        assertThat(suite.getAttribute("name")).isEqualTo("tests.test_a");
        assertThat(suite.getAttribute("tests")).isEqualTo("8");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("2");
        Element property = (Element) suite.getElementsByTagName("property").item(0);
        assertThat(property.getAttribute("name")).isEqualTo("python");
        Element failure = (Element) suite.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("AssertionError");
        assertThat(failure.getAttribute("message")).isEqualTo("AssertionError: one is not two\nassert 1 == 2");
        assertThat(failure.getTextContent()).contains(">       assert 1 == 2, \"one is not two\"");
        Element error = (Element) suite.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("type")).isEqualTo("RuntimeError");
        assertThat(suite.getElementsByTagName("system-out").item(0).getTextContent()).isEqualTo("out <here>\n");
        assertThat(suite.getElementsByTagName("system-err").item(0).getTextContent()).isEqualTo("err & there\n");
        Element param = (Element) suite.getElementsByTagName("testcase").item(7);
        assertThat(param.getAttribute("classname")).isEqualTo("tests.test_a.TestC");
        assertThat(param.getAttribute("name")).isEqualTo("test_b[2]");
        Element xfail = (Element) ((Element) suite.getElementsByTagName("testcase").item(3))
                .getElementsByTagName("skipped").item(0);
        assertThat(xfail.getAttribute("message")).isEqualTo("xfail: known bug");

        Element bad = parse(tmp.resolve("surefire-reports/TEST-tests.test_bad.xml")).getDocumentElement();
        assertThat(bad.getAttribute("errors")).isEqualTo("1");
        Element collectionError = (Element) bad.getElementsByTagName("error").item(0);
        assertThat(collectionError.getAttribute("message")).isEqualTo("collection failure");
        assertThat(collectionError.getAttribute("type")).isEqualTo("SyntaxError");
        assertThat(collectionError.getTextContent()).isEqualTo("tests/test_bad.py:1: SyntaxError: invalid syntax");
    }

    @Test
    void propertiesAddWhatTheRunFoundToWhatWasConfigured() throws Exception {
        RunResult run = new RunResult(SampleRun.RESULTS, List.of(), Duration.ofMillis(10), false,
                Map.of("python.version", "3.11.7", "dxpy.workers", "2"));
        SampleRun.replay(new SurefireReporter(tmp, Map.of("dxpy.version", "0.1.0", "dxpy.workers", "one per core")), run);
        Element suite = parse(tmp.resolve("TEST-tests.test_a.xml")).getDocumentElement();
        Map<String, String> props = new java.util.TreeMap<>();
        var list = suite.getElementsByTagName("property");
        for (int i = 0; i < list.getLength(); i++) {
            Element p = (Element) list.item(i);
            props.put(p.getAttribute("name"), p.getAttribute("value"));
        }
        assertThat(props).containsExactlyEntriesOf(new java.util.TreeMap<>(
                Map.of("dxpy.version", "0.1.0", "dxpy.workers", "2", "python.version", "3.11.7")));
    }

    /** Every report is valid against surefire's published schemas (3.0 and today's), read from surefire's source releases. */
    @Test
    void reportsAreValidAgainstSurefiresPublishedSchemas() throws Exception {
        for (Path report : writeSample()) {
            SurefireSchemas.validate(report);
        }
    }

    @Test
    void anInvalidReportIsRejectedByTheSchemas() throws Exception {
        Path bad = tmp.resolve("TEST-bad.xml");
        Files.writeString(bad, "<testsuite name=\"x\" tests=\"1\" errors=\"0\" skipped=\"0\" failures=\"1\">"
                + "<testcase name=\"t\" time=\"0.1\"><failure message=\"m\">body</failure></testcase></testsuite>");
        assertThatThrownBy(() -> SurefireSchemas.validate(bad)).isInstanceOf(SAXException.class).hasMessageContaining("type");
    }

    private static Document parse(Path file) throws IOException, SAXException {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}

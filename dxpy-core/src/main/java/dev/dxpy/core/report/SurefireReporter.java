package dev.dxpy.core.report;

import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Surefire-style reports: one {@code TEST-<module>.xml} per test file (e.g. {@code TEST-tests.test_a.xml})
 * following surefire's {@code surefire-test-report-3.0.xsd}, so Maven tooling (CI test tabs,
 * surefire-report) reads them. A collection error is a testcase with an {@code <error>} in its file's report.
 * {@code classname} is the dotted module path plus the class ({@code tests.test_a.TestC}), the key GitLab
 * and Jenkins group by; {@code properties} are the given ones plus the run's {@link RunResult#environment()}.
 */
public final class SurefireReporter implements RunListener {

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String XSD = "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.xsd";

    private final Path directory;
    private final Map<String, String> properties;
    private final Map<String, List<TestResult>> byFile = new LinkedHashMap<>();
    private final List<CollectionError> collectionErrors = new ArrayList<>();

    public SurefireReporter(Path directory, Map<String, String> properties) {
        this.directory = directory;
        this.properties = new LinkedHashMap<>(properties);
    }

    @Override
    public void collectionFinished(Collection collection) {
        collectionErrors.addAll(collection.errors());
    }

    @Override
    public void testFinished(TestResult result) {
        byFile.computeIfAbsent(result.id().file(), f -> new ArrayList<>()).add(result);
    }

    @Override
    public void runFinished(RunResult result) {
        properties.putAll(result.environment()); // what the run found (python version, workers started) over what was configured
        List<CollectionError> errors = CollectionErrors.union(collectionErrors, result.errors());
        Map<String, List<CollectionError>> errorsByFile = new LinkedHashMap<>();
        for (CollectionError e : errors) {
            errorsByFile.computeIfAbsent(e.file(), f -> new ArrayList<>()).add(e);
            byFile.computeIfAbsent(e.file(), f -> new ArrayList<>());
        }
        byFile.forEach((file, results) -> {
            String module = JUnitXmlReporter.module(file);
            String xml = render(module, results, errorsByFile.getOrDefault(file, List.of()));
            ReportFiles.write(directory.resolve("TEST-" + module + ".xml"), xml);
        });
    }

    String render(String module, List<TestResult> results, List<CollectionError> errors) {
        Duration total = results.stream().map(TestResult::duration).reduce(Duration.ZERO, Duration::plus);
        long failures = results.stream().filter(r -> r.outcome() == Outcome.FAILED).count();
        long errorCount = results.stream().filter(r -> r.outcome() == Outcome.ERROR).count() + errors.size();
        long skipped = results.stream().filter(r -> r.outcome() == Outcome.SKIPPED || r.outcome() == Outcome.XFAILED).count();
        Xml x = new Xml().raw(HEADER);
        x.open("testsuite", "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
                "xsi:noNamespaceSchemaLocation", XSD, "version", "3.0", "name", module,
                "time", Durations.xml(total), "tests", String.valueOf(results.size() + errors.size()),
                "errors", String.valueOf(errorCount), "skipped", String.valueOf(skipped),
                "failures", String.valueOf(failures)).raw(">\n");
        x.raw("  <properties>\n");
        properties.forEach((k, v) -> x.raw("    ").open("property", "name", k, "value", v).raw("/>\n"));
        x.raw("  </properties>\n");
        for (CollectionError e : errors) {
            x.raw("  ").open("testcase", "name", module, "classname", module, "time", "0").raw(">\n    ");
            x.element("error", e.toString(), "message", "collection failure",
                    "type", FailureType.of("", e.message(), "CollectionError"));
            x.raw("\n  </testcase>\n");
        }
        results.forEach(r -> testcase(x, r));
        return x.raw("</testsuite>\n").toString();
    }

    private static void testcase(Xml x, TestResult r) {
        x.raw("  ").open("testcase", "name", r.id().nameWithParam(), "classname", r.id().className(),
                "time", Durations.xml(r.duration()));
        switch (r.outcome()) {
            case PASSED, XPASSED -> {
                x.raw("/>\n");
                return;
            }
            case FAILED -> x.raw(">\n    ").element("failure", r.longRepr(), "message", r.message(),
                    "type", FailureType.of(r.longRepr(), r.message(), "AssertionError"));
            case ERROR -> x.raw(">\n    ").element("error", r.longRepr(), "message", r.junitMessage(),
                    "type", FailureType.of(r.longRepr(), r.message(), "Error"));
            case SKIPPED -> x.raw(">\n    ").open("skipped", "message", r.message()).raw("/>");
            case XFAILED -> x.raw(">\n    ").open("skipped", "message", xfail(r.message())).raw("/>");
        }
        if (r.outcome().isFailure()) {
            if (!r.stdout().isEmpty()) {
                x.raw("\n    ").element("system-out", r.stdout());
            }
            if (!r.stderr().isEmpty()) {
                x.raw("\n    ").element("system-err", r.stderr());
            }
        }
        x.raw("\n  </testcase>\n");
    }

    private static String xfail(String reason) {
        return reason.isEmpty() ? "xfail" : "xfail: " + reason;
    }
}

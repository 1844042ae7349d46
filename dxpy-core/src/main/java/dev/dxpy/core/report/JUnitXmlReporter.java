package dev.dxpy.core.report;

import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.RunListener;
import dev.dxpy.core.api.RunResult;
import dev.dxpy.core.api.TestResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JUnit XML file for the run, as {@code pytest --junit-xml} writes it (family xunit2): xfail
 * is {@code <skipped type="pytest.xfail">}, a non-strict xpass is a pass, a collection error is a
 * testcase named after the module with {@code <error message="collection failure">}. Captured
 * output is kept for failing tests only. The file is written when the run finishes.
 */
public final class JUnitXmlReporter implements RunListener {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private final Path file;
    private final Map<String, String> properties;
    private final Clock clock;
    private final String hostname;
    private final List<TestResult> results = new ArrayList<>();
    private final List<CollectionError> collectionErrors = new ArrayList<>();
    private Instant start;

    public JUnitXmlReporter(Path file, Map<String, String> properties) {
        this(file, properties, Clock.systemDefaultZone(), Hosts.name());
    }

    JUnitXmlReporter(Path file, Map<String, String> properties, Clock clock, String hostname) {
        this.file = file;
        this.properties = new LinkedHashMap<>(properties);
        this.clock = clock;
        this.hostname = hostname;
        this.start = clock.instant();
    }

    @Override
    public void collectionFinished(Collection collection) {
        collectionErrors.addAll(collection.errors());
    }

    @Override
    public void testFinished(TestResult result) {
        results.add(result);
    }

    @Override
    public void runFinished(RunResult result) {
        List<CollectionError> errors = CollectionErrors.union(collectionErrors, result.errors());
        ReportFiles.write(file, render(result, errors));
    }

    String render(RunResult run, List<CollectionError> errors) {
        int failures = count(Outcome.FAILED);
        int errorCount = count(Outcome.ERROR) + errors.size();
        int skipped = count(Outcome.SKIPPED) + count(Outcome.XFAILED);
        Xml x = new Xml().raw("<?xml version=\"1.0\" encoding=\"utf-8\"?><testsuites name=\"pytest tests\">");
        x.open("testsuite", "name", "pytest", "errors", String.valueOf(errorCount), "failures", String.valueOf(failures),
                "skipped", String.valueOf(skipped), "tests", String.valueOf(results.size() + errors.size()),
                "time", Durations.xml(run.duration()),
                "timestamp", OffsetDateTime.ofInstant(start, clock.getZone()).format(TIMESTAMP),
                "hostname", hostname).raw(">");
        if (!properties.isEmpty()) {
            x.raw("<properties>");
            properties.forEach((k, v) -> x.element("property", null, "name", k, "value", v));
            x.raw("</properties>");
        }
        for (CollectionError e : errors) {
            x.open("testcase", "classname", "", "name", module(e.file()), "time", "0.000").raw(">");
            x.element("error", e.toString(), "message", "collection failure");
            x.raw("</testcase>");
        }
        results.forEach(r -> testcase(x, r));
        return x.raw("</testsuite></testsuites>").toString();
    }

    private static void testcase(Xml x, TestResult r) {
        x.open("testcase", "classname", r.id().className(), "name", r.id().nameWithParam(),
                "time", Durations.xml(r.duration()));
        switch (r.outcome()) {
            case PASSED, XPASSED -> {
                x.close("testcase", null);
                return;
            }
            case FAILED -> x.raw(">").element("failure", r.longRepr(), "message", r.message());
            case ERROR -> x.raw(">").element("error", r.longRepr(), "message", r.junitMessage());
            case SKIPPED -> x.raw(">").element("skipped", emptyToNull(r.longRepr()), "type", "pytest.skip", "message", r.message());
            case XFAILED -> x.raw(">").element("skipped", null, "type", "pytest.xfail", "message", r.message());
        }
        if (r.outcome().isFailure()) {
            captured(x, "system-out", "Captured Out", r.stdout());
            captured(x, "system-err", "Captured Err", r.stderr());
        }
        x.raw("</testcase>");
    }

    /** pytest's {@code junit_logging} layout: a centred header line, the content, a trailing newline. */
    private static void captured(Xml x, String element, String header, String content) {
        if (!content.isEmpty()) {
            x.element(element, center(" " + header + " ") + "\n" + content + "\n");
        }
    }

    /** Python's {@code str.center(80, "-")}. */
    static String center(String s) {
        int marg = Terminal.WIDTH - s.length();
        if (marg <= 0) {
            return s;
        }
        int left = marg / 2 + (marg & Terminal.WIDTH & 1);
        return "-".repeat(left) + s + "-".repeat(marg - left);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** The dotted module path of a test file, e.g. {@code tests.test_a}. */
    static String module(String file) {
        String mod = file.endsWith(".py") ? file.substring(0, file.length() - 3) : file;
        return mod.replace('/', '.');
    }

    private int count(Outcome o) {
        return (int) results.stream().filter(r -> r.outcome() == o).count();
    }
}

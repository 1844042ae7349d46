package dev.dxpy.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/**
 * surefire's published report schemas, unpacked by the build from surefire's source releases on Maven
 * Central under the directory named by {@code surefire.xsd.dir}: {@code surefire-test-report-3.0.xsd}
 * (surefire 3.0.0, the schema our reports name) and {@code surefire-test-report.xsd} (surefire 3.5.2).
 */
final class SurefireSchemas {

    static final List<String> FILES = List.of("surefire-test-report-3.0.xsd", "surefire-test-report.xsd");

    private SurefireSchemas() {
    }

    static List<Schema> load() throws SAXException {
        String dir = System.getProperty("surefire.xsd.dir");
        if (dir == null) {
            throw new IllegalStateException("surefire.xsd.dir is not set: run the tests with Maven, which unpacks"
                    + " surefire's schemas (maven-dependency-plugin, execution surefire-report-schemas)");
        }
        List<Schema> schemas = new ArrayList<>();
        for (String name : FILES) {
            Path xsd;
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                xsd = files.filter(f -> f.getFileName().toString().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalStateException(name + " is missing under " + dir
                                + ": run `mvn generate-test-resources` in dxpy-core"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            schemas.add(SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd.toFile()));
        }
        return schemas;
    }

    /** Throws a {@link SAXException} naming the line and the rule when {@code report} is invalid under either schema. */
    static void validate(Path report) throws Exception {
        for (Schema schema : load()) {
            schema.newValidator().validate(new StreamSource(report.toFile()));
        }
    }
}

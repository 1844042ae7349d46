package dev.dxpy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code dx-py --version}: the project version filtered into {@code version.properties} at build time. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"dx-py " + number()};
    }

    static String number() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}

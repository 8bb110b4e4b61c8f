package dev.qcrawl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version baked into the jar by Maven resource filtering. */
public final class VersionProvider implements IVersionProvider {
    private static final String VERSION = load();

    public static String version() {
        return VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"qcrawl " + VERSION, "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }

    private static String load() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/qcrawl-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}

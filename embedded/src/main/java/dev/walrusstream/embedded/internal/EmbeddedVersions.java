package dev.walrusstream.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions filled in by the build (from the root pom). */
public final class EmbeddedVersions {
    private static final Properties PROPS = load();

    private EmbeddedVersions() {
    }

    public static String apicurioRegistry() {
        return get("apicurio.registry.version");
    }

    public static String kafka() {
        return get("kafka.version");
    }

    private static String get(String key) {
        String v = PROPS.getProperty(key);
        if (v == null || v.startsWith("${")) {
            throw new IllegalStateException("embedded.properties has no value for " + key
                    + " (the module was not built with Maven resource filtering)");
        }
        return v;
    }

    private static Properties load() {
        Properties p = new Properties();
        String resource = "/dev/walrusstream/embedded/embedded.properties";
        try (InputStream in = EmbeddedVersions.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}

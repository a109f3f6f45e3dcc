package dev.walrusstream.job;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobOptionsTest {
    private static final String BEGIN = "<!-- generated from JobOptions.markdownTable(): begin -->\n";
    private static final String END = "<!-- generated: end -->";

    static Path docs() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("docs"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("no docs/ directory above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("docs/job-settings.md");
    }

    @Test
    void theDocsTableIsTheCodes() throws Exception {
        String doc = Files.readString(docs(), StandardCharsets.UTF_8);
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END);
        assertTrue(from >= 0 && to > from, "docs/job-settings.md lacks the generated-table markers");
        assertEquals(JobOptions.markdownTable(), doc.substring(from + BEGIN.length(), to),
                "docs/job-settings.md differs from the code: paste JobOptions.markdownTable() between the markers");
    }

    @Test
    void everyKeyIsAnOptionWithItsDefaultAndAFlinkConfigurationValidatesLikeTheFile() {
        assertEquals(JobConfig.KEYS.size(), JobOptions.ALL.size());
        for (ConfigOption<String> o : JobOptions.ALL) {
            String d = JobConfig.KEYS.get(o.key())[0];
            assertEquals(d != null, o.hasDefaultValue(), o.key());
            if (d != null) {
                assertEquals(d, o.defaultValue(), o.key());
            }
        }
        Configuration conf = new Configuration();
        conf.set(JobOptions.option("kafka.bootstrap"), "localhost:9092");
        conf.set(JobOptions.option("registry.url"), "http://localhost:8081");
        conf.set(JobOptions.option("segment.size"), "lots");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobOptions.toJobConfig(conf));
        assertTrue(e.getMessage().contains("segment.size") && e.getMessage().contains("lots"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JobOptions.option("segment.sise"));
    }

    @Test
    void keeperSettingsAreValidatedNamingTheKey() {
        java.util.Map<String, String> base = new java.util.HashMap<>(java.util.Map.of("kafka.bootstrap", "k:1",
                "registry.url", "http://r", "keeper.enabled", "true"));
        IllegalArgumentException noManifests = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.from(with(base, "manifest.enabled", "false")));
        assertTrue(noManifests.getMessage().contains("keeper.enabled"), noManifests.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.from(with(base, "keeper.batch", "0")));
        assertTrue(batch.getMessage().contains("keeper.batch") && batch.getMessage().contains("0"), batch.getMessage());
        IllegalArgumentException budget = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.from(with(base, "keeper.budget", "lots")));
        assertTrue(budget.getMessage().contains("keeper.budget") && budget.getMessage().contains("lots"),
                budget.getMessage());
    }

    @Test
    void registerBatchSettingsAreValidatedNamingTheKey() throws Exception {
        java.util.Map<String, String> base = new java.util.HashMap<>(java.util.Map.of("kafka.bootstrap", "k:1",
                "registry.url", "http://r"));
        JobConfig defaults = JobConfig.from(with(base, "sink.blobs-in-flight", "8"));
        assertEquals(new dev.walrusstream.sink.RegisterBatching(8, java.time.Duration.ofMillis(200)),
                defaults.registerBatching());
        assertEquals(1, JobConfig.from(with(base, "sink.register-batch.max-blobs", "1")).registerBatching().maxBlobs());
        for (String[] bad : new String[][]{{"sink.register-batch.max-blobs", "0"}, {"sink.register-batch.max-blobs", "257"},
                {"sink.register-batch.max-blobs", "many"}, {"sink.register-batch.max-wait", "2m"},
                {"sink.register-batch.max-wait", "soon"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JobConfig.from(with(base, bad[0], bad[1])), bad[0] + "=" + bad[1]);
            assertTrue(e.getMessage().contains(bad[0]) && e.getMessage().contains(bad[1].replace("2m", "PT2M")),
                    e.getMessage());
        }
    }

    private static java.util.Map<String, String> with(java.util.Map<String, String> base, String key, String value)
            throws java.io.IOException {
        java.util.Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        java.nio.file.Path client = Files.createTempFile("client", ".json");
        Files.writeString(client, "{}");
        client.toFile().deleteOnExit();
        m.put("walrus.client-config", client.toString());
        return m;
    }
}

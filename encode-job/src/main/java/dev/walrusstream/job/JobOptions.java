package dev.walrusstream.job;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The job settings as Flink {@link ConfigOption}s, built from {@link JobConfig#KEYS} (the one source
 * of keys, defaults and meanings), so a Flink {@link Configuration} can carry them and
 * {@link #toJobConfig} validates them exactly as the properties file does. {@link #markdownTable}
 * is the table in {@code docs/job-settings.md}; a test fails when the two differ.
 */
public final class JobOptions {
    /** Every setting, in the documented order. */
    public static final List<ConfigOption<String>> ALL = build();

    private JobOptions() {
    }

    private static List<ConfigOption<String>> build() {
        List<ConfigOption<String>> out = new ArrayList<>();
        for (String key : new TreeSet<>(JobConfig.KEYS.keySet())) {
            String[] d = JobConfig.KEYS.get(key);
            ConfigOptions.TypedConfigOptionBuilder<String> b = ConfigOptions.key(key).stringType();
            out.add(d[0] == null ? b.noDefaultValue().withDescription("required: " + d[1])
                    : b.defaultValue(d[0]).withDescription(d[1]));
        }
        return Collections.unmodifiableList(out);
    }

    /** The option of {@code key}; unknown keys are refused with the known ones. */
    public static ConfigOption<String> option(String key) {
        for (ConfigOption<String> o : ALL) {
            if (o.key().equals(key)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown job setting " + key + "; known: " + new TreeSet<>(JobConfig.KEYS.keySet()));
    }

    /** Validates the job settings a Flink configuration carries (the others are ignored) into a {@link JobConfig}. */
    public static JobConfig toJobConfig(Configuration conf) throws java.io.IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigOption<String> o : ALL) {
            if (conf.contains(o)) {
                values.put(o.key(), conf.get(o));
            }
        }
        return JobConfig.from(values);
    }

    /** The Markdown table of every setting: key, default, meaning. */
    public static String markdownTable() {
        StringBuilder s = new StringBuilder("| setting | default | meaning |\n|---|---|---|\n");
        for (ConfigOption<String> o : ALL) {
            String[] d = JobConfig.KEYS.get(o.key());
            s.append("| `").append(o.key()).append("` | ")
                    .append(d[0] == null ? "(required)" : d[0].isEmpty() ? "(empty)" : "`" + d[0] + "`")
                    .append(" | ").append(d[1].replace("|", "\\|")).append(" |\n");
        }
        return s.toString();
    }
}

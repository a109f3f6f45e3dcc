package dev.walrusstream.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run on a Flink session cluster: the job jar, its entry class (null: the jar manifest's
 * {@code Main-Class}), the program arguments, and optionally the parallelism, a savepoint or retained
 * checkpoint to start from, and Flink configuration for this job only ({@code flinkConfiguration} of
 * {@code /jars/:id/run}).
 */
public record JobSubmission(Path jar, String entryClass, List<String> args, Integer parallelism,
                            String savepointPath, boolean allowNonRestoredState,
                            Map<String, String> flinkConfiguration) {
    public JobSubmission {
        Objects.requireNonNull(jar, "jar");
        args = List.copyOf(args);
        if (parallelism != null && (parallelism < 1 || parallelism > 32768)) {
            throw new IllegalArgumentException("parallelism must be 1..32768, got " + parallelism);
        }
        if (savepointPath != null && savepointPath.isBlank()) {
            throw new IllegalArgumentException("savepoint path is blank");
        }
        flinkConfiguration = Map.copyOf(flinkConfiguration);
    }

    public static Builder builder(Path jar) {
        return new Builder(jar);
    }

    /** Validating builder. */
    public static final class Builder {
        private final Path jar;
        private String entryClass;
        private List<String> args = List.of();
        private Integer parallelism;
        private String savepointPath;
        private boolean allowNonRestoredState;
        private final Map<String, String> flinkConfiguration = new LinkedHashMap<>();

        private Builder(Path jar) {
            this.jar = jar;
        }

        public Builder entryClass(String c) {
            this.entryClass = c;
            return this;
        }

        public Builder args(List<String> a) {
            this.args = a;
            return this;
        }

        public Builder parallelism(Integer p) {
            this.parallelism = p;
            return this;
        }

        public Builder savepoint(String path, boolean allowNonRestored) {
            this.savepointPath = path;
            this.allowNonRestoredState = allowNonRestored;
            return this;
        }

        public Builder flinkConfiguration(String key, String value) {
            this.flinkConfiguration.put(key, value);
            return this;
        }

        public JobSubmission build() {
            return new JobSubmission(jar, entryClass, args, parallelism, savepointPath, allowNonRestoredState,
                    flinkConfiguration);
        }
    }
}

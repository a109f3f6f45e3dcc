package dev.walrusstream.app.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the embedded stack is laid out: its state directory, the local committee (nodes, shards),
 * Kafka partitions and the job's settings (any {@code JobConfig} key may be overridden).
 */
public record StackOptions(Path dir, int nodes, int shards, int partitions, int parallelism,
                           Duration checkpointInterval, Map<String, String> jobOverrides) {

    public StackOptions {
        if (nodes < 1 || shards < 4 || nodes > shards) {
            throw new IllegalArgumentException("need 1 to " + shards + " nodes and at least 4 shards, got " + nodes
                    + " nodes and " + shards + " shards");
        }
        if (partitions < 1 || parallelism < 1) {
            throw new IllegalArgumentException("partitions and parallelism must be at least 1");
        }
        jobOverrides = Map.copyOf(jobOverrides);
    }

    /** A small committee (4 nodes, 10 shards), 2 partitions, parallelism 2, checkpoints every 2 s. */
    public static StackOptions defaults(Path dir) {
        return new StackOptions(dir, 4, 10, 2, 2, Duration.ofSeconds(2), Map.of());
    }

    public StackOptions withJob(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(jobOverrides);
        m.put(key, value);
        return new StackOptions(dir, nodes, shards, partitions, parallelism, checkpointInterval, m);
    }

    public StackOptions withCommittee(int nodeCount, int shardCount) {
        return new StackOptions(dir, nodeCount, shardCount, partitions, parallelism, checkpointInterval, jobOverrides);
    }
}

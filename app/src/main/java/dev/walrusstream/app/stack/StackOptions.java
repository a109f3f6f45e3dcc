package dev.walrusstream.app.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the embedded stack is laid out: its state directory, the local committee (nodes, shards) and
 * its ledger, Kafka partitions and the job's settings (any {@code JobConfig} key may be overridden),
 * and how epochs change: {@code epochDuration} (null: only when asked) and {@code churn} (one spare
 * node; at every change one member leaves and the spare joins).
 */
public record StackOptions(Path dir, int nodes, int shards, Ledger ledger, int partitions, int parallelism,
                           Duration checkpointInterval, Map<String, String> jobOverrides, Duration epochDuration,
                           boolean churn) {

    /** The committee's chain. */
    public enum Ledger {
        /** LocalChain served as a Sui ledger over Sui's gRPC API: clients and nodes run {@code SuiChain}. */
        SUI_LOCAL("sui-local"),
        /** LocalChain's own HTTP/JSON service. */
        LOCAL("local");

        private final String label;

        Ledger(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Ledger of(String label) {
            for (Ledger l : values()) {
                if (l.label.equals(label)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown chain '" + label + "' (known: sui-local, local)");
        }
    }

    public StackOptions {
        if (nodes < 1 || shards < 4 || nodes > shards) {
            throw new IllegalArgumentException("need 1 to " + shards + " nodes and at least 4 shards, got " + nodes
                    + " nodes and " + shards + " shards");
        }
        if (partitions < 1 || parallelism < 1) {
            throw new IllegalArgumentException("partitions and parallelism must be at least 1, got " + partitions
                    + " and " + parallelism);
        }
        if (ledger == null) {
            throw new IllegalArgumentException("the ledger is missing");
        }
        jobOverrides = Map.copyOf(jobOverrides);
        if (epochDuration != null && (epochDuration.isNegative() || epochDuration.isZero())) {
            throw new IllegalArgumentException("epoch duration must be positive, got " + epochDuration);
        }
    }

    public StackOptions(Path dir, int nodes, int shards, Ledger ledger, int partitions, int parallelism,
                        Duration checkpointInterval, Map<String, String> jobOverrides) {
        this(dir, nodes, shards, ledger, partitions, parallelism, checkpointInterval, jobOverrides, null, false);
    }

    /** Epochs of {@code duration}; with {@code withChurn}, one spare node and a member rotating out at every change. */
    public StackOptions withEpochs(Duration duration, boolean withChurn) {
        return new StackOptions(dir, nodes, shards, ledger, partitions, parallelism, checkpointInterval, jobOverrides,
                duration, withChurn);
    }

    /**
     * A small committee (4 nodes, 10 shards) on LocalChain served as Sui, 2 partitions, parallelism 2,
     * checkpoints every 2 s.
     */
    public static StackOptions defaults(Path dir) {
        return new StackOptions(dir, 4, 10, Ledger.SUI_LOCAL, 2, 2, Duration.ofSeconds(2), Map.of());
    }

    public StackOptions withJob(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(jobOverrides);
        m.put(key, value);
        return new StackOptions(dir, nodes, shards, ledger, partitions, parallelism, checkpointInterval, m, epochDuration,
                churn);
    }

    public StackOptions withCommittee(int nodeCount, int shardCount) {
        return new StackOptions(dir, nodeCount, shardCount, ledger, partitions, parallelism, checkpointInterval,
                jobOverrides, epochDuration, churn);
    }

    public StackOptions withLedger(Ledger kind) {
        return new StackOptions(dir, nodes, shards, kind, partitions, parallelism, checkpointInterval, jobOverrides,
                epochDuration, churn);
    }

    public StackOptions withParallelism(int p) {
        return new StackOptions(dir, nodes, shards, ledger, partitions, p, checkpointInterval, jobOverrides,
                epochDuration, churn);
    }

    public StackOptions withCheckpointInterval(Duration interval) {
        return new StackOptions(dir, nodes, shards, ledger, partitions, parallelism, interval, jobOverrides,
                epochDuration, churn);
    }
}

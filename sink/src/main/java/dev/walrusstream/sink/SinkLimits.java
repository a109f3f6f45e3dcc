package dev.walrusstream.sink;

import java.io.Serializable;

/**
 * Budgets of the sink: at most {@code walPerHourFrost} FROST spent on registrations per hour by each
 * writer (the job's cap divided by its parallelism; 0 = no cap), and the health gate: writes wait
 * while fewer than n − f shards answer their health checks.
 */
public record SinkLimits(long walPerHourFrost, boolean healthGate) implements Serializable {
    public static final SinkLimits NONE = new SinkLimits(0, false);

    public SinkLimits {
        if (walPerHourFrost < 0) {
            throw new IllegalArgumentException("budget.wal-per-hour must be >= 0, got " + walPerHourFrost + " FROST");
        }
    }
}

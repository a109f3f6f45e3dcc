package dev.walrusstream.sui.rpc;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the gRPC client: the deadline of each unary call (execute has its own, since
 * validators may take longer), how long to wait for a transaction to be checkpointed, retries,
 * and the largest response accepted (full checkpoints exceed gRPC's 4 MiB default; Sui's Rust
 * clients use 128 MiB).
 */
public record SuiClientOptions(Duration callTimeout, Duration executeTimeout, Duration checkpointWait,
                               RetryPolicy retry, int maxInboundMessageBytes) {
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 128 * 1024 * 1024;
    public static final SuiClientOptions DEFAULT = new SuiClientOptions(Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(60), RetryPolicy.DEFAULT, DEFAULT_MAX_INBOUND_MESSAGE_BYTES);

    public SuiClientOptions {
        positive(callTimeout, "callTimeout");
        positive(executeTimeout, "executeTimeout");
        positive(checkpointWait, "checkpointWait");
        Objects.requireNonNull(retry, "retry");
        if (maxInboundMessageBytes < 4 * 1024 * 1024) {
            throw new IllegalArgumentException("maxInboundMessageBytes " + maxInboundMessageBytes
                    + " is below 4 MiB, too small for Sui checkpoints");
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    public SuiClientOptions withCallTimeout(Duration d) {
        return new SuiClientOptions(d, executeTimeout, checkpointWait, retry, maxInboundMessageBytes);
    }

    public SuiClientOptions withExecuteTimeout(Duration d) {
        return new SuiClientOptions(callTimeout, d, checkpointWait, retry, maxInboundMessageBytes);
    }

    public SuiClientOptions withCheckpointWait(Duration d) {
        return new SuiClientOptions(callTimeout, executeTimeout, d, retry, maxInboundMessageBytes);
    }

    public SuiClientOptions withRetry(RetryPolicy r) {
        return new SuiClientOptions(callTimeout, executeTimeout, checkpointWait, r, maxInboundMessageBytes);
    }

    public SuiClientOptions withMaxInboundMessageBytes(int bytes) {
        return new SuiClientOptions(callTimeout, executeTimeout, checkpointWait, retry, bytes);
    }
}

package dev.walrusstream.sui.rpc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** A checkpoint with whatever transaction fields the read mask asked for. */
public record Checkpoint(long sequenceNumber, Optional<String> digest, OptionalLong epoch,
                         Optional<Instant> timestamp, List<ExecutedTransaction> transactions) {
    public Checkpoint {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(timestamp, "timestamp");
        transactions = List.copyOf(transactions);
    }
}

package dev.walrusstream.sui.tx;

import dev.walrusstream.sui.SuiDigest;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * When a transaction stops being valid. BCS enum: None 0, Epoch 1 (u64), ValidDuring 2
 * {min_epoch, max_epoch, min_timestamp, max_timestamp: Option<u64>, chain: digest, nonce: u32}.
 */
public sealed interface TransactionExpiration
        permits TransactionExpiration.None, TransactionExpiration.Epoch, TransactionExpiration.ValidDuring {

    None NONE = new None();

    record None() implements TransactionExpiration {
    }

    /** Valid up to and including this epoch. */
    record Epoch(long epoch) implements TransactionExpiration {
    }

    record ValidDuring(OptionalLong minEpoch, OptionalLong maxEpoch, OptionalLong minTimestampMs,
                       OptionalLong maxTimestampMs, SuiDigest chain, long nonce) implements TransactionExpiration {
        public ValidDuring {
            Objects.requireNonNull(minEpoch, "minEpoch");
            Objects.requireNonNull(maxEpoch, "maxEpoch");
            Objects.requireNonNull(minTimestampMs, "minTimestampMs");
            Objects.requireNonNull(maxTimestampMs, "maxTimestampMs");
            Objects.requireNonNull(chain, "chain");
            if (nonce < 0 || nonce > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("ValidDuring nonce " + nonce + " is outside u32 range");
            }
        }
    }
}

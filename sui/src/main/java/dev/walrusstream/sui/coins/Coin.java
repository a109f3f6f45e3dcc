package dev.walrusstream.sui.coins;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;

import java.util.Objects;

/** A {@code 0x2::coin::Coin<T>} object: its current reference and balance (u64, read unsigned). */
public record Coin(ObjectRef ref, String coinType, long balance) {
    public Coin {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(coinType, "coinType");
        if (balance < 0) {
            throw new IllegalArgumentException("coin " + ref.objectId() + " balance " + Long.toUnsignedString(balance)
                    + " exceeds the 2^63 - 1 this client handles");
        }
    }

    public ObjectId id() {
        return ref.objectId();
    }
}

package dev.walrusstream.chain;

import dev.walrusstream.codec.text.Base58;

/** A Sui event ID: the transaction digest (Base58) and the event's position in the transaction. */
public record EventId(String txDigest, long eventSeq) {
    public EventId {
        if (txDigest == null || txDigest.isEmpty()) {
            throw new IllegalArgumentException("event ID needs a transaction digest");
        }
    }

    @Override
    public String toString() {
        return txDigest + ":" + eventSeq;
    }
}

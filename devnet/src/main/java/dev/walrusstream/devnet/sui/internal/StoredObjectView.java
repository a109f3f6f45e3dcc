package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.codec.bcs.BcsReader;

/** Reading fields of Move structs held as BCS. */
final class StoredObjectView {
    private StoredObjectView() {
    }

    /** The balance of a {@code Coin<T> {id, balance}}. */
    static long balance(byte[] coinContents) {
        BcsReader r = new BcsReader(coinContents);
        r.fixedBytes(32);
        return r.u64();
    }
}

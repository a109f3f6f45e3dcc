package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.codec.bcs.BcsReader;

/** Reading fields of Move structs held as BCS. */
public final class StoredObjectView {
    private StoredObjectView() {
    }

    /** The balance of a {@code Coin<T> {id, balance}}. */
    public static long balance(byte[] coinContents) {
        BcsReader r = new BcsReader(coinContents);
        r.fixedBytes(32);
        return r.u64();
    }

    /** The abort code of a package planted to abort, or empty when {@code o} is not one. */
    static java.util.OptionalLong abortCode(StoredObject o) {
        return o != null && o.type().equals(LocalSuiConstants.PACKAGE_TYPE)
                ? java.util.OptionalLong.of(new BcsReader(o.contents()).u64()) : java.util.OptionalLong.empty();
    }
}

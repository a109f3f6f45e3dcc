package dev.walrusstream.sui;

import dev.walrusstream.codec.ids.ObjectId;

import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.sui.tx.TypeTag;
import dev.walrusstream.sui.tx.internal.TransactionWriter;

/**
 * Object ID of a dynamic field: Blake2b-256(0xf0 ‖ parent ‖ u64 LE length of bcs(key) ‖ bcs(key)
 * ‖ bcs(key type tag)). Walrus keeps its System and Staking inner state in such a field, keyed by
 * the u64 {@code version} of the outer object.
 */
public final class DynamicFieldId {
    private static final byte HASHING_INTENT_CHILD_OBJECT_ID = (byte) 0xf0;

    private DynamicFieldId() {
    }

    public static ObjectId derive(ObjectId parent, TypeTag keyType, byte[] keyBcs) {
        Blake2b256 h = new Blake2b256().update(HASHING_INTENT_CHILD_OBJECT_ID).update(parent.bytes());
        long length = keyBcs.length;
        for (int i = 0; i < 8; i++) {
            h.update((byte) (length >>> (8 * i)));
        }
        return ObjectId.of(h.update(keyBcs).update(TransactionWriter.writeTypeTag(keyType)).finish());
    }

    /** The field keyed by a u64, as Walrus's versioned inner objects are. */
    public static ObjectId ofU64(ObjectId parent, long key) {
        byte[] bcs = new byte[8];
        for (int i = 0; i < 8; i++) {
            bcs[i] = (byte) (key >>> (8 * i));
        }
        return derive(parent, TypeTag.Primitive.U64, bcs);
    }
}

package dev.walrusstream.sui.rpc;

import dev.walrusstream.codec.ids.ObjectId;

/** One result of a batch object read. */
public sealed interface ObjectLookup permits ObjectLookup.Found, ObjectLookup.Missing {
    record Found(SuiObject object) implements ObjectLookup {
    }

    record Missing(ObjectId objectId, String reason) implements ObjectLookup {
    }
}

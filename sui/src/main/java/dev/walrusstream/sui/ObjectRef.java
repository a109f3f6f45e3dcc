package dev.walrusstream.sui;

import dev.walrusstream.codec.ids.ObjectId;

import java.util.Objects;

/**
 * A reference to one version of an object: ID, version (u64 sequence number) and digest. This is
 * what an owned or immutable object input, a receiving input and a gas payment carry.
 */
public record ObjectRef(ObjectId objectId, long version, SuiDigest digest) {
    public ObjectRef {
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(digest, "digest");
    }

    public static ObjectRef of(String objectId, long version, String digestBase58) {
        return new ObjectRef(ObjectId.parsePrefixed(objectId), version, SuiDigest.parse(digestBase58));
    }

    @Override
    public String toString() {
        return objectId + "@" + Long.toUnsignedString(version) + "/" + digest;
    }
}

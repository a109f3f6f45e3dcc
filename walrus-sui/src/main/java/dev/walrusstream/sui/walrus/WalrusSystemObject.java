package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.bcs.BcsException;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.sui.DynamicFieldId;
import dev.walrusstream.codec.ids.ObjectId;

import java.util.Optional;

/**
 * The shared {@code walrus::system::System} object: {@code {id, version: u64, package_id: ID,
 * new_package_id: Option<ID>}}. Its inner state lives in the dynamic field keyed by
 * {@code version}.
 */
public record WalrusSystemObject(ObjectId id, long version, ObjectId packageId, Optional<ObjectId> newPackageId) {

    /** Decodes the Move struct BCS ({@code Object.contents} over gRPC). */
    public static WalrusSystemObject fromContents(byte[] contents) {
        BcsReader r = new BcsReader(contents);
        ObjectId id = ObjectId.of(r.fixedBytes(32));
        long version = r.u64();
        ObjectId packageId = ObjectId.of(r.fixedBytes(32));
        int at = r.position();
        int present = r.u8();
        if (present > 1) {
            throw new BcsException("System.new_package_id has invalid Option tag " + present + " at offset " + at);
        }
        Optional<ObjectId> next = present == 1 ? Optional.of(ObjectId.of(r.fixedBytes(32))) : Optional.empty();
        r.expectEnd("walrus::system::System");
        return new WalrusSystemObject(id, version, packageId, next);
    }

    /** ID of the dynamic field holding {@code SystemStateInnerV1}. */
    public ObjectId innerStateFieldId() {
        return DynamicFieldId.ofU64(id, version);
    }
}

package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.SharedMutability;

import java.util.Objects;

/**
 * What a transaction needs to call Walrus: the shared System object (ID and the version at which
 * it became shared, from {@code Owner.version}) and the package to call, which is
 * {@code System.package_id} (the latest package; never hard-code it).
 */
public record WalrusSystemRef(ObjectId systemObjectId, long initialSharedVersion, ObjectId packageId) {
    public WalrusSystemRef {
        Objects.requireNonNull(systemObjectId, "systemObjectId");
        Objects.requireNonNull(packageId, "packageId");
        if (initialSharedVersion <= 0) {
            throw new IllegalArgumentException("System object initial shared version must be positive, got "
                    + initialSharedVersion);
        }
    }

    public CallArg.SharedObject asInput(SharedMutability mutability) {
        return new CallArg.SharedObject(systemObjectId, initialSharedVersion, mutability);
    }
}

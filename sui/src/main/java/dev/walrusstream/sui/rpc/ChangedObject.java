package dev.walrusstream.sui.rpc;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.sui.SuiDigest;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** One object a transaction created, mutated, wrapped or deleted, from its effects. */
public record ChangedObject(ObjectId objectId, IdOperation idOperation, OptionalLong inputVersion,
                            OptionalLong outputVersion, Optional<SuiDigest> outputDigest,
                            Optional<Owner> outputOwner, Optional<String> objectType) {
    public enum IdOperation {
        UNKNOWN, NONE, CREATED, DELETED
    }

    public ChangedObject {
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(idOperation, "idOperation");
    }

    /** The object's new reference, when it still exists after the transaction. */
    public Optional<ObjectRef> outputRef() {
        if (outputVersion.isPresent() && outputDigest.isPresent()) {
            return Optional.of(new ObjectRef(objectId, outputVersion.getAsLong(), outputDigest.get()));
        }
        return Optional.empty();
    }

    /** True when the object no longer exists as an owned object (deleted or wrapped). */
    public boolean isGone() {
        return outputRef().isEmpty();
    }
}

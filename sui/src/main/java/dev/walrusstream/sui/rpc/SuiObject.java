package dev.walrusstream.sui.rpc;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An object as read over gRPC: its reference, owner, type, coin balance (coins only) and the BCS of
 * its Move struct ({@code contents}) when it was requested.
 */
public record SuiObject(ObjectRef ref, Owner owner, Optional<String> type, OptionalLong balance,
                        Optional<byte[]> contents) {
    public SuiObject {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(balance, "balance");
        contents = contents.map(byte[]::clone);
    }

    public ObjectId id() {
        return ref.objectId();
    }

    @Override
    public Optional<byte[]> contents() {
        return contents.map(byte[]::clone);
    }

    /** The contents, or an error naming the object when they were not returned. */
    public byte[] requireContents() {
        return contents().orElseThrow(() -> new IllegalStateException("object " + id() + " was read without contents"));
    }

    /** The initial shared version, or an error naming the object and its real owner. */
    public long initialSharedVersion() {
        if (owner instanceof Owner.Shared s) {
            return s.initialSharedVersion();
        }
        throw new IllegalStateException("object " + id() + " is not shared (owner " + owner + ")");
    }
}

package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

/** Walrus's {@code Storage}: {@code storageSize} bytes reserved for epochs [startEpoch, endEpoch). */
public record StorageResource(ObjectId id, int startEpoch, int endEpoch, long storageSize) {
    public StorageResource {
        if (id == null) {
            throw new IllegalArgumentException("storage resource needs an object ID");
        }
        if (startEpoch < 0 || endEpoch <= startEpoch) {
            throw new IllegalArgumentException("storage epochs [" + startEpoch + ", " + endEpoch + ") are empty or negative");
        }
        if (storageSize < 0) {
            throw new IllegalArgumentException("storage size must not be negative, got " + storageSize);
        }
    }
}

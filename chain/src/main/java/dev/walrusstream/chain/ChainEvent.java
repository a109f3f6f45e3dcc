package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.walrusstream.codec.BlobId;

/** Events the Walrus system emits (module {@code events}); storage nodes follow them. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ChainEvent.BlobRegistered.class, name = "BlobRegistered"),
    @JsonSubTypes.Type(value = ChainEvent.BlobCertified.class, name = "BlobCertified"),
    @JsonSubTypes.Type(value = ChainEvent.BlobDeleted.class, name = "BlobDeleted"),
    @JsonSubTypes.Type(value = ChainEvent.InvalidBlobId.class, name = "InvalidBlobID"),
    @JsonSubTypes.Type(value = ChainEvent.EpochChanged.class, name = "EpochChanged"),
    @JsonSubTypes.Type(value = ChainEvent.EpochChangeDone.class, name = "EpochChangeDone"),
})
public sealed interface ChainEvent {
    int epoch();

    record BlobRegistered(int epoch, BlobId blobId, long size, int encodingType, int endEpoch, boolean deletable,
                          ObjectId objectId) implements ChainEvent {
    }

    record BlobCertified(int epoch, BlobId blobId, int endEpoch, boolean deletable, ObjectId objectId,
                         boolean isExtension) implements ChainEvent {
    }

    record BlobDeleted(int epoch, BlobId blobId, int endEpoch, ObjectId objectId, boolean wasCertified)
            implements ChainEvent {
    }

    record InvalidBlobId(int epoch, BlobId blobId) implements ChainEvent {
    }

    /**
     * The system moved to {@code epoch}; the committee of that epoch is now current (Walrus's
     * {@code EpochChangeStart}). Members that gained shards now fetch them; until
     * {@link EpochChangeDone}, reads of blobs certified earlier go to the previous committee.
     */
    record EpochChanged(int epoch) implements ChainEvent {
    }

    /** Every member of {@code epoch}'s committee holds its shards (Walrus's {@code EpochChangeDone}). */
    record EpochChangeDone(int epoch) implements ChainEvent {
    }
}

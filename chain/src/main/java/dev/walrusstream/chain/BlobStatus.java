package dev.walrusstream.chain;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.walrusstream.chain.internal.BlobStatusJson;

/**
 * Walrus's {@code BlobStatus} for a blob ID, as the chain or a storage node sees it. JSON form is
 * Walrus's: {@code "nonexistent"}, {@code {"invalid":{"event":…}}},
 * {@code {"permanent":{"endEpoch","isCertified","statusEvent","deletableCounts","initialCertifiedEpoch"}}},
 * {@code {"deletable":{"initialCertifiedEpoch","deletableCounts"}}}.
 */
@JsonSerialize(using = BlobStatusJson.Serializer.class)
@JsonDeserialize(using = BlobStatusJson.Deserializer.class)
public sealed interface BlobStatus {

    /**
     * Reads Walrus's JSON form of a blob status (above), as storage nodes send it.
     *
     * @throws IllegalArgumentException when {@code json} is not a blob status, naming what is wrong
     */
    static BlobStatus fromJson(com.fasterxml.jackson.databind.JsonNode json) {
        return BlobStatusJson.fromTree(json);
    }

    /** True when some live registration exists (permanent or deletable). */
    default boolean isRegistered() {
        return this instanceof Permanent || this instanceof Deletable;
    }

    /** The epoch the blob was first certified in, or null. */
    default Integer initialCertifiedEpoch() {
        return null;
    }

    record Nonexistent() implements BlobStatus {
        public static final Nonexistent INSTANCE = new Nonexistent();
    }

    record Invalid(EventId event) implements BlobStatus {
    }

    /**
     * A live permanent registration exists; {@code endEpoch} and {@code statusEvent} describe the
     * best one (certified before uncertified, then the latest end epoch).
     */
    record Permanent(int endEpoch, boolean certified, EventId statusEvent, DeletableCounts deletableCounts,
                     Integer initialCertifiedEpoch) implements BlobStatus {
    }

    /** Only deletable registrations exist; the blob may go away at any time. */
    record Deletable(Integer initialCertifiedEpoch, DeletableCounts deletableCounts) implements BlobStatus {
    }
}

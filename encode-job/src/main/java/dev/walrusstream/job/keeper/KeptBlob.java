package dev.walrusstream.job.keeper;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One blob object the job's keeper keeps alive for a dataset: its last known end epoch and the
 * segments it holds (one for a blob, several for a quilt's patches), so each renewal reaches every
 * manifest entry it concerns. Serialized by {@link KeptBlobCodec}.
 */
public final class KeptBlob {
    /** A segment of an upload of a dataset version that lives in the blob object. */
    public record Ref(String datasetVersion, String uploadId, int segment) {
        public Ref {
            Objects.requireNonNull(datasetVersion, "datasetVersion");
            Objects.requireNonNull(uploadId, "uploadId");
        }
    }

    /** More segments than one quilt can hold patches on any network. */
    static final int MAX_REFS = 1 << 16;

    final String objectId;
    int endEpoch;
    final List<Ref> refs;

    public KeptBlob(String objectId, int endEpoch, List<Ref> refs) {
        this.objectId = Objects.requireNonNull(objectId, "objectId");
        this.endEpoch = endEpoch;
        this.refs = new ArrayList<>(refs);
    }

    public String objectId() {
        return objectId;
    }

    public int endEpoch() {
        return endEpoch;
    }

    public List<Ref> refs() {
        return List.copyOf(refs);
    }

    /** Adds a segment (idempotent: a replayed receipt changes nothing); true when something changed. */
    public boolean add(Ref ref, int knownEndEpoch) {
        boolean changed = false;
        if (!refs.contains(ref) && refs.size() < MAX_REFS) {
            refs.add(ref);
            changed = true;
        }
        if (knownEndEpoch > endEpoch) {
            endEpoch = knownEndEpoch;
            changed = true;
        }
        return changed;
    }

    /** A renewal moved the end epoch (never backwards). */
    public void renewedTo(int newEndEpoch) {
        endEpoch = Math.max(endEpoch, newEndEpoch);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeptBlob k && k.objectId.equals(objectId) && k.endEpoch == endEpoch && k.refs.equals(refs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(objectId, endEpoch, refs);
    }

    @Override
    public String toString() {
        return objectId + " (end epoch " + endEpoch + ", " + refs.size() + " segment(s))";
    }
}

package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One {@code certify_blob} call of a {@link Chain#certifyBlobs} batch, and the checks every chain makes on a batch. */
public record CertificationBatch(List<CertificationBatch.Call> calls) {

    /** Certify blob object {@code blobObjectId} with {@code certificate}. */
    public record Call(ObjectId blobObjectId, StorageCertificate certificate) {
    }

    /** Refuses an empty batch, a null call, object or certificate, and an object named twice. */
    public CertificationBatch {
        if (calls == null || calls.isEmpty()) {
            throw ChainException.violation(Rule.INVALID_ARGUMENT, "certify: no blob object to certify (an empty batch)");
        }
        Set<ObjectId> seen = new HashSet<>();
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            if (c == null || c.blobObjectId() == null || c.certificate() == null) {
                throw ChainException.violation(Rule.INVALID_ARGUMENT, "certify: call " + (i + 1) + " of " + calls.size()
                        + " has no blob object or no certificate", "index", i);
            }
            if (!seen.add(c.blobObjectId())) {
                throw ChainException.violation(Rule.INVALID_ARGUMENT, "certify: blob object " + c.blobObjectId()
                        + " is named twice in one batch (call " + (i + 1) + ")", "objectId", c.blobObjectId());
            }
        }
        calls = List.copyOf(calls);
    }

    /**
     * The refusal {@code v} of call {@code index}, re-thrown naming the blob object and its place in
     * the batch (the rule and values are kept, with {@code objectId} added).
     */
    public static ChainException.RuleViolation naming(ChainException.RuleViolation v, ObjectId objectId, int index,
                                                      int size) {
        return v.inBatch("certifying blob object", "objectId", objectId, index, size);
    }
}

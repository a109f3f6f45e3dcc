package dev.walrusstream.chain;

import dev.walrusstream.codec.BlobId;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls of a {@link Chain#registerBlobs} batch (each a {@code reserve_space} sized to the blob's
 * encoded length followed by {@code register_blob}), and the checks every chain makes on a batch.
 */
public record RegistrationBatch(List<RegistrationBatch.Call> calls) {

    /**
     * Reserve storage for {@code epochsAhead} epochs and register blob {@code blobId} (derived from
     * {@code rootHash}, {@code size} and {@code encodingType}) on it.
     */
    public record Call(BlobId blobId, byte[] rootHash, long size, int encodingType, boolean deletable, int epochsAhead) {
    }

    /**
     * Refuses an empty batch, a null call, blob ID or root hash, and a blob ID named twice with the
     * same persistence (one registration serves every copy of a blob).
     */
    public RegistrationBatch {
        if (calls == null || calls.isEmpty()) {
            throw ChainException.violation(Rule.INVALID_ARGUMENT, "register: no blob to register (an empty batch)");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            if (c == null || c.blobId() == null || c.rootHash() == null) {
                throw ChainException.violation(Rule.INVALID_ARGUMENT, "register: call " + (i + 1) + " of " + calls.size()
                        + " has no blob ID or no root hash", "batchIndex", i);
            }
            Integer before = seen.putIfAbsent(c.blobId() + "/" + c.deletable(), i);
            if (before != null) {
                throw ChainException.violation(Rule.INVALID_ARGUMENT, "register: blob " + c.blobId() + " is named twice "
                        + "in one batch (calls " + (before + 1) + " and " + (i + 1) + " of " + calls.size() + ")",
                        "blobId", c.blobId(), "batchIndex", i);
            }
        }
        calls = List.copyOf(calls);
    }

    public int size() {
        return calls.size();
    }

    /**
     * The refusal {@code v} of call {@code index}, re-thrown naming the blob and its place in the
     * batch (the rule and values are kept, with {@code blobId} and {@code batchIndex} added).
     */
    public static ChainException.RuleViolation naming(ChainException.RuleViolation v, BlobId blobId, int index, int size) {
        return v.inBatch("registering blob", "blobId", blobId, index, size);
    }
}

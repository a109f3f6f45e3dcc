package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks every {@link Chain#extendBlobs} makes before it builds its one transaction. */
public final class ExtensionBatch {
    private ExtensionBatch() {
    }

    /** The IDs as an immutable list; refuses an empty list, a null ID, an ID named twice and epochs below 1. */
    public static List<ObjectId> validate(List<ObjectId> blobObjectIds, int extendedEpochs) {
        if (blobObjectIds == null || blobObjectIds.isEmpty()) {
            throw ChainException.violation(Rule.INVALID_ARGUMENT, "extend: no blob object to extend (an empty batch)");
        }
        if (extendedEpochs < 1) {
            throw ChainException.violation(Rule.INVALID_EPOCHS_AHEAD, "extend: extended epochs must be at least 1, got "
                    + extendedEpochs, "extendedEpochs", extendedEpochs);
        }
        Set<ObjectId> seen = new HashSet<>();
        for (int i = 0; i < blobObjectIds.size(); i++) {
            ObjectId id = blobObjectIds.get(i);
            if (id == null) {
                throw ChainException.violation(Rule.INVALID_ARGUMENT, "extend: blob object " + (i + 1) + " of "
                        + blobObjectIds.size() + " is null", "index", i);
            }
            if (!seen.add(id)) {
                throw ChainException.violation(Rule.INVALID_ARGUMENT, "extend: blob object " + id + " is named twice in "
                        + "one batch (positions " + (blobObjectIds.indexOf(id) + 1) + " and " + (i + 1) + ")",
                        "objectId", id);
            }
        }
        return List.copyOf(blobObjectIds);
    }
}

package dev.walrusstream.devnet.ledger;

import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.codec.ids.ObjectId;

import java.util.ArrayList;
import java.util.List;

/** Where an epoch change's sync reports stand, in words: for logs, refusals and test failures. */
public final class SyncProgress {
    private SyncProgress() {
    }

    /**
     * The synced weight against the quorum, and every member of {@code committee} in {@code awaiting} (not
     * yet reported) with its name, node ID and shard count; or that the change is done.
     */
    public static String describe(Committee committee, EpochState state, List<ObjectId> awaiting) {
        if (!state.isSyncing()) {
            return "epoch " + state.epoch() + " change done";
        }
        int quorum = (2 * committee.nShards() + 1 + 2) / 3; // the least w with 3w >= 2n + 1
        List<String> names = new ArrayList<>();
        int missing = 0;
        for (ObjectId id : awaiting) {
            int at = committee.indexOf(id);
            int w = at < 0 ? 0 : committee.member(at).weight();
            missing += w;
            names.add((at < 0 ? "not a member" : committee.member(at).name()) + " (" + id + ", " + w + " shards)");
        }
        return "epoch " + state.epoch() + ": synced weight " + state.syncedWeight() + " of " + committee.nShards()
                + " shards, a quorum needs " + quorum + "; not reported: " + names + ", " + missing + " shards in all";
    }
}

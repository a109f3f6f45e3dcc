package dev.walrusstream.client;

import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;

import java.util.Optional;

/**
 * Which committee a read goes to, as the official SDK decides: while the current epoch's change is
 * still syncing (members that gained shards are fetching them), a blob certified before the current
 * epoch is read from the previous committee, whose members keep serving the shards they lost until
 * the change is done; otherwise, and for blobs certified in this epoch, from the current committee.
 */
public final class ReadCommittee {
    private ReadCommittee() {
    }

    /** @param certifiedEpoch the epoch the blob was first certified in, or null (not certified: current committee) */
    public static Committee choose(Chain chain, Integer certifiedEpoch) {
        Committee current = chain.committee();
        if (certifiedEpoch == null || certifiedEpoch >= current.epoch()) {
            return current;
        }
        EpochState state = chain.epochState();
        if (!state.isSyncing() || state.epoch() != current.epoch()) {
            return current;
        }
        Optional<Committee> previous = chain.previousCommittee();
        return previous.filter(p -> p.epoch() == current.epoch() - 1).orElse(current);
    }
}

package dev.walrusstream.chain;

/**
 * Where the epoch change into {@link #epoch} stands (Walrus's {@code staking_inner::EpochState}):
 * {@link Phase#SYNCING} while nodes that gained shards are still fetching them
 * ({@code EpochChangeSync(weight)}, {@link #syncedWeight} = shards of the members that reported done),
 * {@link Phase#DONE} once they all have ({@code EpochChangeDone(timestamp)}). {@link #changedAtMillis}
 * is when the state was entered (wall clock of the transaction).
 */
public record EpochState(int epoch, Phase phase, int syncedWeight, long changedAtMillis) {

    public enum Phase {
        /** EpochChangeStart was emitted; members that gained shards are syncing them. */
        SYNCING,
        /** EpochChangeDone was emitted: the committee of {@link #epoch} holds all its shards. */
        DONE
    }

    public EpochState {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative, got " + epoch);
        }
        if (phase == null) {
            throw new IllegalArgumentException("epoch state of epoch " + epoch + " needs a phase");
        }
        if (syncedWeight < 0) {
            throw new IllegalArgumentException("synced weight must not be negative, got " + syncedWeight);
        }
    }

    public static EpochState done(int epoch, long atMillis) {
        return new EpochState(epoch, Phase.DONE, 0, atMillis);
    }

    public static EpochState syncing(int epoch, int syncedWeight, long atMillis) {
        return new EpochState(epoch, Phase.SYNCING, syncedWeight, atMillis);
    }

    /** True while the committee of {@link #epoch} is still receiving shards: reads of older blobs go to the previous committee. */
    public boolean isSyncing() {
        return phase == Phase.SYNCING;
    }
}

package dev.walrusstream.job.manifest;

/**
 * The version-level state of a dataset version's manifest builder. Serialized by
 * {@link VersionStatusCodec}.
 *
 * @param sealedAt   Kafka timestamp of the close marker once its copy was read on every partition, else -1
 * @param unsettled  files declared before the seal that are neither certified in full nor failed
 * @param closed     the final manifest was emitted; later uploads of the version are late
 * @param dirty      something changed since the last snapshot
 * @param timer      the pending snapshot timer, or -1
 * @param lateFiles  uploads declared after the seal (not in the final manifest)
 */
public record VersionStatus(long sealedAt, int unsettled, boolean closed, boolean dirty, long timer, long lateFiles) {
    public static final VersionStatus NEW = new VersionStatus(-1, 0, false, false, -1, 0);

    public boolean sealed() {
        return sealedAt >= 0;
    }

    VersionStatus withSeal(long at, int unsettledFiles) {
        return new VersionStatus(at, unsettledFiles, closed, dirty, timer, lateFiles);
    }

    VersionStatus withUnsettled(int n) {
        return new VersionStatus(sealedAt, n, closed, dirty, timer, lateFiles);
    }

    VersionStatus closedNow() {
        return new VersionStatus(sealedAt, 0, true, false, timer, lateFiles);
    }

    VersionStatus withDirty(boolean d) {
        return new VersionStatus(sealedAt, unsettled, closed, d, timer, lateFiles);
    }

    public VersionStatus withTimerAt(long t) {
        return new VersionStatus(sealedAt, unsettled, closed, dirty, t, lateFiles);
    }

    VersionStatus withLate() {
        return new VersionStatus(sealedAt, unsettled, closed, dirty, timer, lateFiles + 1);
    }
}

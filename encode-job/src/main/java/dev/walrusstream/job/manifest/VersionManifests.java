package dev.walrusstream.job.manifest;

import dev.walrusstream.schemas.Attributes;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestSegment;
import dev.walrusstream.schemas.Sha256;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The manifest of one dataset version, kept as events arrive (plain service; the Flink operator keeps
 * its state in a {@link Store}).
 *
 * <p>Closing: a version is <em>sealed</em> once a close marker's copy was read on every partition
 * of the chunk topic. Each copy reaches this builder after the declarations of every upload whose
 * last chunk preceded it on its partition (one partition is read by one source task, and the router
 * sends both on the same channel to this key), so at the seal the declared uploads are exactly those
 * sent before the marker. The version is <em>closed</em> once each of them is settled: certified in
 * full (every segment's receipt) or failed. Then, and only then, the final manifest is returned, once.
 * Uploads declared after the seal are late: certified as usual, counted, not listed. A closed version
 * keeps only its status (its files are forgotten), so closed versions cost the job next to nothing.
 *
 * <p>Everything is deterministic in the events (no clocks): replaying the same events after a
 * restart yields the same manifest, byte for byte, hence the same blob ID.
 */
public final class VersionManifests {

    /** Where a version's state lives: one entry per upload, the status, the close markers' copies. */
    public interface Store {
        FileState file(String uploadId) throws Exception;

        void put(FileState file) throws Exception;

        Iterable<FileState> files() throws Exception;

        VersionStatus status() throws Exception;

        void status(VersionStatus status) throws Exception;

        /** Records that the copy of {@code markerId} on {@code partition} was read, with its Kafka timestamp. */
        void markerCopy(String markerId, int partition, long timestamp) throws Exception;

        /** The Kafka timestamps of the copies of {@code markerId} read so far, one per partition. */
        List<Long> markerCopies(String markerId) throws Exception;

        /** Forgets the files and marker copies (the version is closed; only its status stays). */
        void clearFiles() throws Exception;
    }

    /**
     * Applies one event.
     *
     * @return the version's final manifest when this event closed it, else null
     */
    public DatasetManifest apply(VersionEvent e, Store store) throws Exception {
        VersionStatus status = store.status() == null ? VersionStatus.NEW : store.status();
        if (status.closed()) {
            // a closed version keeps only its status: late declarations are counted, the rest is ignored
            if (e.kind == VersionEvent.Kind.DECLARED) {
                store.status(status.withLate());
            }
            return null;
        }
        switch (e.kind) {
            case DECLARED -> {
                FileState f = fileOf(store, e.uploadId);
                if (f.declared) {
                    return null;
                }
                f.declared = true;
                f.path = e.path == null || e.path.isEmpty() ? e.uploadId : e.path;
                f.declaredSize = e.size;
                f.sha256 = e.sha256;
                f.contentType = e.contentType;
                f.attributes = new TreeMap<>(e.attributes);
                store.put(f);
                store.status((status.sealed() ? status.withLate() : status).withDirty(true));
                return null;
            }
            case MARKER -> {
                if (status.sealed() || e.partitions < 1) {
                    return null;
                }
                store.markerCopy(e.markerId, e.partition, e.timestamp);
                List<Long> copies = store.markerCopies(e.markerId);
                if (copies.size() < e.partitions) {
                    return null;
                }
                long sealedAt = copies.stream().mapToLong(Long::longValue).max().orElse(0);
                int unsettled = 0;
                for (FileState f : store.files()) {
                    if (f.declared && !f.inClose) {
                        f.inClose = true;
                        store.put(f);
                        if (!f.settled()) {
                            unsettled++;
                        }
                    }
                }
                return settle(store, status.withSeal(sealedAt, unsettled), e);
            }
            case CERTIFIED, FAILED -> {
                FileState f = fileOf(store, e.uploadId);
                boolean wasSettled = f.settled();
                if (e.kind == VersionEvent.Kind.FAILED || !e.ok) {
                    if (f.failed == null && !f.complete()) {
                        f.failed = e.kind == VersionEvent.Kind.FAILED ? e.problem
                                : "segment " + e.segment + " was not stored: " + e.problem;
                    }
                } else {
                    f.segments.putIfAbsent(e.segment, new FileState.Segment(e.segment, e.size, e.sha256, e.blobId,
                            e.quiltPatchId, e.objectId, e.endEpoch, e.encryption));
                    if (e.segments > 0) {
                        f.segmentCount = e.segments;
                    }
                }
                store.put(f);
                VersionStatus next = status.withDirty(true);
                if (f.inClose && !wasSettled && f.settled() && status.sealed() && !status.closed()) {
                    next = next.withUnsettled(status.unsettled() - 1);
                }
                return settle(store, next, e);
            }
            case MANIFEST_STORED -> {
                return null; // the keeper's business
            }
            case RENEWED -> {
                // the keeper's renewal: the segment's new end epoch goes into the version's next snapshot
                FileState f = store.file(e.uploadId);
                FileState.Segment s = f == null ? null : f.segments.get(e.segment);
                if (s == null || e.objectId == null || !e.objectId.equals(s.objectId()) || e.endEpoch <= s.endEpoch()) {
                    return null;
                }
                f.segments.put(e.segment, s.renewedTo(e.endEpoch));
                store.put(f);
                store.status(status.withDirty(true));
                return null;
            }
            default -> throw new IllegalArgumentException("unknown version event kind " + e.kind);
        }
    }

    private DatasetManifest settle(Store store, VersionStatus status, VersionEvent e) throws Exception {
        if (status.sealed() && !status.closed() && status.unsettled() <= 0) {
            DatasetManifest manifest = build(e.dataset, e.datasetVersion, status.sealedAt(), true, store);
            store.clearFiles();
            store.status(status.closedNow());
            return manifest;
        }
        store.status(status);
        return null;
    }

    /**
     * A snapshot of an open version (its files certified in full so far), or null when the version is
     * closed or nothing changed since the last snapshot.
     */
    public DatasetManifest snapshot(String dataset, String version, long at, Store store) throws Exception {
        VersionStatus status = store.status();
        if (status == null || status.closed() || !status.dirty()) {
            return null;
        }
        store.status(status.withDirty(false));
        return build(dataset, version, at, false, store);
    }

    /** The manifest of the listable files (of the close, for a final one), ordered by path then upload id. */
    static DatasetManifest build(String dataset, String version, long createdAt, boolean closed, Store store)
            throws Exception {
        List<FileState> chosen = new ArrayList<>();
        for (FileState f : store.files()) {
            if (f.listable() && (!closed || f.inClose)) {
                chosen.add(f);
            }
        }
        chosen.sort(Comparator.comparing(FileState::path).thenComparing(FileState::uploadId));
        List<dev.walrusstream.schemas.ManifestFile> files = new ArrayList<>(chosen.size());
        Integer endEpoch = null;
        for (FileState f : chosen) {
            List<ManifestSegment> segments = new ArrayList<>(f.segments.size());
            long offset = 0;
            for (FileState.Segment s : f.segments.values()) {
                segments.add(ManifestSegment.newBuilder().setIndex(s.index()).setOffset(offset).setSize(s.size())
                        .setSha256(new Sha256(s.sha256())).setBlobId(s.blobId()).setQuiltPatchId(s.quiltPatchId())
                        .setObjectId(s.objectId()).setEndEpoch(s.endEpoch() < 0 ? null : s.endEpoch())
                        .setEncryption(s.encryption()).build());
                offset += s.size();
                if (s.endEpoch() >= 0) {
                    endEpoch = endEpoch == null ? s.endEpoch() : Math.min(endEpoch, s.endEpoch());
                }
            }
            files.add(dev.walrusstream.schemas.ManifestFile.newBuilder()
                    .setPath(f.path)
                    .setUploadId(f.uploadId)
                    .setSize(offset)
                    .setSha256(new Sha256(f.fileSha256()))
                    .setContentType(f.contentType)
                    .setSamples(samples(f))
                    .setAttributes(new TreeMap<>(f.attributes))
                    .setSegments(segments)
                    .build());
        }
        return DatasetManifest.newBuilder()
                .setDataset(dataset)
                .setVersion(version)
                .setCreatedAt(Instant.ofEpochMilli(createdAt))
                .setFormatVersion(2)
                .setClosed(closed)
                .setEndEpoch(endEpoch)
                .setBlobs(List.of())
                .setFiles(files)
                .build();
    }

    private static Long samples(FileState f) {
        String s = f.attributes.get(dev.walrusstream.schemas.Attributes.SAMPLES);
        try {
            return s == null ? null : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static FileState fileOf(Store store, String uploadId) throws Exception {
        FileState f = store.file(uploadId);
        return f != null ? f : new FileState(uploadId);
    }
}

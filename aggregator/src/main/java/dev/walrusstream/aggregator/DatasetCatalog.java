package dev.walrusstream.aggregator;

import dev.walrusstream.client.dataset.DatasetVersion;
import dev.walrusstream.codec.BlobId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dataset versions an aggregator knows, by dataset and version: each the latest manifest it was
 * told about (a closed manifest replaces a snapshot; a newer snapshot replaces an older one).
 */
public final class DatasetCatalog {
    /** A dataset version and the blob ID of its manifest. */
    public record Entry(BlobId manifestId, DatasetVersion version) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** Adds a manifest; returns whether it became the one served for its dataset version. */
    public boolean add(BlobId manifestId, DatasetVersion version) {
        Entry next = new Entry(manifestId, version);
        Entry now = entries.merge(key(version.dataset(), version.version()), next, (old, candidate) ->
                newer(candidate, old) ? candidate : old);
        return now == next;
    }

    private static boolean newer(Entry a, Entry b) {
        if (a.version().closed() != b.version().closed()) {
            return a.version().closed();
        }
        return !a.version().createdAt().isBefore(b.version().createdAt());
    }

    public Optional<Entry> find(String dataset, String version) {
        return Optional.ofNullable(entries.get(key(dataset, version)));
    }

    public List<Entry> all() {
        List<Entry> out = new ArrayList<>(entries.values());
        out.sort(Comparator.comparing((Entry e) -> e.version().dataset()).thenComparing(e -> e.version().version()));
        return out;
    }

    private static String key(String dataset, String version) {
        return dataset + "\u0000" + version;
    }
}

package dev.walrusstream.client.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A dataset manifest, read back and normalised: whatever its format version, the files of the
 * version with their ordered segments.
 */
public record DatasetVersion(String dataset, String version, int formatVersion, boolean closed, Instant createdAt,
                             Integer endEpoch, List<DatasetFile> files) {
    public DatasetVersion {
        files = List.copyOf(files);
    }

    public Optional<DatasetFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    public long totalBytes() {
        return files.stream().mapToLong(DatasetFile::size).sum();
    }
}

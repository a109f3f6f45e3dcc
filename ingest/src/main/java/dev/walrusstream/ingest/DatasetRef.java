package dev.walrusstream.ingest;

import java.util.Objects;

/** A dataset name and version. */
public record DatasetRef(String name, String version) {
    public DatasetRef {
        Objects.requireNonNull(name, "dataset name");
        Objects.requireNonNull(version, "dataset version");
        if (name.isBlank() || version.isBlank()) {
            throw new IllegalArgumentException("dataset name and version must not be blank, got '" + name + "' '"
                    + version + "'");
        }
    }
}

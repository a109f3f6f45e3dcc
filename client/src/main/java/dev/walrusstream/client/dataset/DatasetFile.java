package dev.walrusstream.client.dataset;

import java.util.List;
import java.util.Map;

/**
 * One file of a dataset version as it went in: its path (relative, '/'-separated), size, SHA-256
 * (hex), content type and sample count when known, attributes, and the ordered segments that hold it.
 * The segments tile {@code [0, size)} without gaps.
 */
public record DatasetFile(String path, String uploadId, long size, String sha256 /* null when unknown */, String contentType, Long samples,
                          Map<String, String> attributes, List<FileSegment> segments) {
    public DatasetFile {
        attributes = Map.copyOf(attributes);
        segments = List.copyOf(segments);
        long at = 0;
        for (FileSegment s : segments) {
            if (s.offset() != at) {
                throw new IllegalArgumentException("file '" + path + "': segment " + s.index() + " starts at " + s.offset()
                        + ", expected " + at + " (segments must tile the file in order)");
            }
            at = s.end();
        }
        if (at != size) {
            throw new IllegalArgumentException("file '" + path + "' is " + size + " bytes but its segments hold " + at);
        }
    }

    /** The earliest end epoch among the segments, or null when none is known. */
    public Integer endEpoch() {
        return segments.stream().map(FileSegment::endEpoch).filter(java.util.Objects::nonNull).min(Integer::compare)
                .orElse(null);
    }
}

package dev.walrusstream.job.assembly;

import java.io.Serializable;

/**
 * How uploads become blobs: uploads up to {@code quiltThreshold} bytes are packed into quilts,
 * larger ones are cut into blobs of {@code segmentSize} bytes (the last one smaller); an upload
 * larger than {@code maxUploadSize} is refused.
 */
public record AssemblyLimits(long segmentSize, long quiltThreshold, long maxUploadSize) implements Serializable {

    public AssemblyLimits {
        if (segmentSize < 1 || segmentSize > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("segment size must be between 1 byte and 2 GiB, got " + segmentSize);
        }
        if (quiltThreshold < 0 || quiltThreshold > segmentSize) {
            throw new IllegalArgumentException("quilt threshold must be between 0 and the segment size ("
                    + segmentSize + "), got " + quiltThreshold);
        }
        if (maxUploadSize < 0) {
            throw new IllegalArgumentException("maximum upload size must not be negative, got " + maxUploadSize);
        }
    }
}

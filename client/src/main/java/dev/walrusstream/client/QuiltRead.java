package dev.walrusstream.client;

import dev.walrusstream.codec.quilt.QuiltPatch;

import java.util.List;

/**
 * One quilt patch read back: the patch, the secondary slivers (columns) that were fetched, and
 * whether the client had to fall back to reading the whole quilt (some column could not be had).
 */
public record QuiltRead(QuiltPatch patch, List<Integer> columnsFetched, boolean wholeBlobFallback) {
    public QuiltRead {
        columnsFetched = List.copyOf(columnsFetched);
    }
}

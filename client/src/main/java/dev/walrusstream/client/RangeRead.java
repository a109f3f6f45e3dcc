package dev.walrusstream.client;

import java.util.List;

/**
 * Bytes {@code [offset, offset + data.length)} of a blob of {@code blobSize} bytes, the systematic
 * primary slivers (rows) they were cut from, and whether the client fell back to decoding the whole
 * blob because one of those rows could not be had.
 */
public record RangeRead(byte[] data, long offset, long blobSize, List<Integer> rowsFetched, boolean fullDecode) {
    public RangeRead {
        rowsFetched = List.copyOf(rowsFetched);
    }
}

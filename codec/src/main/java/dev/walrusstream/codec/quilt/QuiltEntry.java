package dev.walrusstream.codec.quilt;

import java.util.Map;

/** One patch as the quilt index lists it: identifier, tags and its columns {@code [startColumn, endColumn)}. */
public record QuiltEntry(String identifier, Map<String, String> tags, int startColumn, int endColumn) {

    public QuiltEntry {
        tags = Map.copyOf(tags);
    }

    public int columns() {
        return endColumn - startColumn;
    }
}

package dev.walrusstream.sui.rpc;

import java.util.List;
import java.util.Optional;

/** One page of a listing; an empty next token means the end. */
public record Page<T>(List<T> items, Optional<byte[]> nextPageToken) {
    public Page {
        items = List.copyOf(items);
    }
}

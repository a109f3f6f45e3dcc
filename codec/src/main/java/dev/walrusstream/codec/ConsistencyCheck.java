package dev.walrusstream.codec;

/** What a reader checks after decoding (docs/protocol/walrus-spec.md §6). */
public enum ConsistencyCheck {
    /** Trust the verified slivers. */
    SKIP,
    /** Re-hash the systematic primary slivers that were rebuilt rather than received. */
    DEFAULT,
    /** Re-encode the whole blob and compare blob IDs. */
    STRICT
}

package dev.walrusstream.client;

import dev.walrusstream.codec.BlobMetadata;

import java.util.Map;

/**
 * A blob read back and verified: its bytes, its metadata, how many slivers rebuilt it, and what went
 * wrong with the nodes that did not help (node name to problem).
 */
public record ReadResult(byte[] data, BlobMetadata metadata, int sliversUsed, Map<String, String> nodeProblems) {
}

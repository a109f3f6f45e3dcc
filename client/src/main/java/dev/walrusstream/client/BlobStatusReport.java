package dev.walrusstream.client;

import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.codec.BlobId;

import java.util.List;

/** A blob's status as the chain records it and as each committee member reports it. */
public record BlobStatusReport(BlobId blobId, int epoch, BlobStatus chainStatus, List<NodeView> nodes) {

    /** One member's answer: its status, or the error that prevented one. */
    public record NodeView(String name, String nodeId, String address, List<Integer> shards, BlobStatus status,
                           String error) {
    }
}

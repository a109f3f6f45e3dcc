package dev.walrusstream.chain.http;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.BlobId;

import java.util.Map;

/** Request and error bodies of the LocalChain HTTP/JSON service (paths in {@code LocalChainHttpServer}). */
public final class LocalChainProtocol {
    private LocalChainProtocol() {
    }

    public static final String HEADER = "X-Walrus-Stream-Chain";
    public static final String HEADER_VALUE = "LocalChain (local development ledger, not Sui)";

    public record ReserveSpace(SuiAddress sender, long storageSize, int epochsAhead) {
    }

    public record RegisterBlob(SuiAddress sender, ObjectId storageId, BlobId blobId, byte[] rootHash, long size,
                               int encodingType, boolean deletable) {
    }

    public record ReserveAndRegister(SuiAddress sender, BlobId blobId, byte[] rootHash, long size, int encodingType,
                                     boolean deletable, int epochsAhead) {
    }

    /** Several blobs reserved and registered in one transaction (each call's own sender is ignored). */
    public record RegisterBlobs(SuiAddress sender, java.util.List<ReserveAndRegister> calls) {
    }

    public record CertifyBlob(SuiAddress sender, ObjectId blobObjectId, byte[] signature, byte[] signersBitmap,
                              byte[] message) {
    }

    /** Several blob objects certified in one transaction (each call's own sender is ignored). */
    public record CertifyBlobs(SuiAddress sender, java.util.List<CertifyBlob> calls) {
    }

    public record BlobObjectOp(SuiAddress sender, ObjectId blobObjectId) {
    }

    public record ExtendBlob(SuiAddress sender, ObjectId blobObjectId, int extendedEpochs) {
    }

    /** Several blob objects extended by the same epochs in one transaction. */
    public record ExtendBlobs(SuiAddress sender, java.util.List<ObjectId> blobObjectIds, int extendedEpochs) {
    }

    public record Faucet(SuiAddress address, long amount) {
    }

    public record Balance(SuiAddress address, long balance) {
    }

    public record Epoch(int epoch) {
    }

    /** A storage node reports it holds the shards it gained in {@code epoch}. */
    public record EpochSyncDone(ObjectId nodeId, int epoch) {
    }

    /** Development control: register a storage node with a stake. */
    public record RegisterNode(dev.walrusstream.chain.StorageNodeInfo node, long stake) {
    }

    /** Development control: set a node's stake. */
    public record SetStake(ObjectId nodeId, long stake) {
    }

    /** Development control: move stake between two registered nodes. */
    public record MoveStake(ObjectId from, ObjectId to, long amount) {
    }

    /** {@code {"error": {"rule", "message", "values"}}}; rule is a {@code Rule} name or a transport reason. */
    public record ErrorBody(Error error) {
    }

    public record Error(String rule, String message, Map<String, String> values) {
    }
}

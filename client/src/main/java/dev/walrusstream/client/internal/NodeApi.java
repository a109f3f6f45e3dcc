package dev.walrusstream.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.tls.NodeTls;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.SliverType;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;

/** The Walrus storage-node REST API of one committee member, as a client uses it. */
public final class NodeApi {
    private final StorageNodeInfo node;
    private final Transport transport;
    private final String base;

    public NodeApi(StorageNodeInfo node, Transport transport) {
        this.node = node;
        this.transport = transport;
        transport.tls().register(node);
        this.base = NodeTls.scheme(node) + "://" + node.networkAddress() + "/v1/blobs/";
    }

    public StorageNodeInfo info() {
        return node;
    }

    public String label() {
        return node.name().isEmpty() ? node.networkAddress() : node.name() + " (" + node.networkAddress() + ")";
    }

    private URI uri(BlobId id, String rest) {
        return URI.create(base + id.base64Url() + rest);
    }

    /** PUT metadata; {@code pending} buffers it until the node sees the registration. Returns the HTTP code class. */
    public void putMetadata(BlobId id, byte[] bcs, boolean pending) throws NodeApiException, InterruptedException {
        transport.send(label(), "PUT", uri(id, "/metadata" + (pending ? "?pending=true" : "")), bcs, Duration.ZERO);
    }

    /** {@code GET /v1/health}: returns when the node answers 2xx, throws otherwise. */
    public void health() throws NodeApiException, InterruptedException {
        transport.send(label(), "GET", URI.create(base.substring(0, base.length() - "blobs/".length()) + "health"), null,
                java.time.Duration.ZERO);
    }

    public byte[] getMetadata(BlobId id) throws NodeApiException, InterruptedException {
        return transport.send(label(), "GET", uri(id, "/metadata"), null, Duration.ZERO);
    }

    public void putSliver(BlobId id, int pair, SliverType type, byte[] bcs, boolean pending)
            throws NodeApiException, InterruptedException {
        transport.send(label(), "PUT", uri(id, "/slivers/" + pair + "/" + type.label() + (pending ? "?pending=true" : "")),
                bcs, Duration.ZERO);
    }

    /**
     * Several slivers of the blob in one request ({@code PUT /v1/blobs/{id}/slivers}, not in Walrus's API:
     * a Walrus node answers 404 or 405, and the caller then sends them one by one).
     */
    public void putSlivers(BlobId id, BodySegments batch, boolean pending) throws NodeApiException, InterruptedException {
        transport.sendSegments(label(), "PUT", uri(id, "/slivers" + (pending ? "?pending=true" : "")), batch, Duration.ZERO);
    }

    public byte[] getSliver(BlobId id, int pair, SliverType type) throws NodeApiException, InterruptedException {
        return transport.send(label(), "GET", uri(id, "/slivers/" + pair + "/" + type.label()), null, Duration.ZERO);
    }

    /** The node's signed confirmation: serialized message and signature bytes. */
    public byte[][] confirmation(BlobId id, PersistenceType persistence, Duration wait)
            throws NodeApiException, InterruptedException {
        String path = persistence instanceof PersistenceType.Deletable d
                ? "/confirmation/deletable/" + d.objectId().hex() : "/confirmation/permanent";
        String query = wait.isZero() ? "" : "?wait_for_registration=true&wait_millis=" + wait.toMillis();
        JsonNode data = transport.data(transport.send(label(), "GET", uri(id, path + query), null, wait));
        JsonNode signed = data.path("signed");
        if (!signed.isObject()) {
            throw new NodeApiException(200, "INVALID_RESPONSE", label() + " sent a confirmation without a signed message: "
                    + data, null);
        }
        try {
            return new byte[][] {Base64.getDecoder().decode(signed.path("serializedMessage").asText()),
                Base64.getDecoder().decode(signed.path("signature").asText())};
        } catch (IllegalArgumentException e) {
            throw new NodeApiException(200, "INVALID_RESPONSE", label() + " sent a confirmation that is not base64", e);
        }
    }

    public BlobStatus blobStatus(BlobId id) throws NodeApiException, InterruptedException {
        JsonNode data = transport.data(transport.send(label(), "GET", uri(id, "/status"), null, Duration.ZERO));
        try {
            return BlobStatus.fromJson(data);
        } catch (RuntimeException e) {
            throw new NodeApiException(200, "INVALID_RESPONSE", label() + " sent an unreadable blob status: " + data, e);
        }
    }

}

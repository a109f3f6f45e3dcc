package dev.walrusstream.node.internal;

import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RecoverySymbol;
import dev.walrusstream.codec.SliverType;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What a node asks its peers for while recovering: metadata and recovery symbols, over the same
 * REST API clients use. Failures are reported as empty answers; the caller tries other peers.
 */
public final class PeerClient {
    private static final System.Logger LOG = System.getLogger(PeerClient.class.getName());
    private final HttpClient http;
    private final Duration timeout;

    public PeerClient(Duration timeout, Executor executor) {
        this.timeout = timeout;
        // HTTP/1.1: the JDK client's cleartext h2c upgrade sometimes stalls (see the storage client's Transport)
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(executor).build();
    }

    private byte[] get(StorageNodeInfo peer, String path) {
        URI uri = URI.create("http://" + peer.networkAddress() + path);
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                return r.body();
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "peer " + peer.name() + " answered " + r.statusCode() + " to "
                    + path.substring(0, Math.min(path.length(), 120)));
            return null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "peer " + peer.name() + " unreachable: " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** An answer that was not a success: the peer's status (0 when unreachable) and its message. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        public final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** {@code POST /v1/migrate/sync_shard} with a signed request; the page's bytes. */
    public byte[] syncShard(StorageNodeInfo peer, byte[] signedRequest) throws Refused, InterruptedException {
        URI uri = URI.create("http://" + peer.networkAddress() + "/v1/migrate/sync_shard");
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(signedRequest)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                return r.body();
            }
            throw new Refused(r.statusCode(), "peer " + peer.name() + " (" + peer.networkAddress() + ") answered "
                    + r.statusCode() + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Refused(0, "peer " + peer.name() + " (" + peer.networkAddress() + ") is unreachable: " + e);
        }
    }

    /** The peer's metadata for {@code blobId} (not yet verified against the ID), or null. */
    public BlobMetadata metadata(StorageNodeInfo peer, BlobId blobId) {
        byte[] body = get(peer, "/v1/blobs/" + blobId.base64Url() + "/metadata");
        if (body == null) {
            return null;
        }
        try {
            BlobMetadata.WithId m = BlobMetadata.fromBcsWithId(body);
            return m.blobId().equals(blobId) ? m.metadata() : null;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "peer " + peer.name() + " sent unreadable metadata for " + blobId + ": " + e);
            return null;
        }
    }

    /** Recovery symbols {@code ids} ("r-c") with proofs from {@code proofAxis}; unverified; empty on failure. */
    public List<RecoverySymbol> symbols(StorageNodeInfo peer, BlobId blobId, List<String> ids, SliverType proofAxis) {
        StringBuilder path = new StringBuilder("/v1/blobs/").append(blobId.base64Url()).append("/recoverySymbols?proofAxis=")
                .append(proofAxis.label());
        for (String id : ids) {
            path.append("&id=").append(id);
        }
        byte[] body = get(peer, path.toString());
        if (body == null) {
            return List.of();
        }
        try {
            return RecoverySymbol.listFromBcs(body);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "peer " + peer.name() + " sent unreadable recovery symbols for "
                    + blobId + ": " + e);
            return List.of();
        }
    }
}

package dev.walrusstream.testsupport;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.devnet.network.LocalNetwork;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What storage nodes hold, asked over their REST API: for a whole network, every sliver of a blob and a
 * probe for plaintext in it ({@link #of}); for one node (a process of its own), which slivers of its own
 * shards it does not serve ({@link #missing}).
 */
public final class NodeSlivers {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final List<Integer> shards;
    private final RedStuffParams params;

    /** One node at {@code host:port} that holds {@code shards} of a committee of {@code nShards}. */
    public NodeSlivers(String address, List<Integer> shards, int nShards) {
        this.baseUrl = "http://" + address;
        this.shards = List.copyOf(shards);
        this.params = RedStuffParams.of(nShards);
    }

    /** Every sliver body the nodes return for {@code id}, concatenated, and how many there were. */
    public record Held(byte[] bytes, int slivers) {
    }

    public static Held of(LocalNetwork network, BlobId id, int nShards) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int count = 0;
        for (int node = 0; node < network.size(); node++) {
            for (int pair = 0; pair < nShards; pair++) {
                for (String type : new String[] {"primary", "secondary"}) {
                    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(network.node(node).url()
                            + "/v1/blobs/" + id.base64Url() + "/slivers/" + pair + "/" + type)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() == 200) {
                        all.writeBytes(r.body());
                        count++;
                    }
                }
            }
        }
        return new Held(all.toByteArray(), count);
    }

    /**
     * The fraction of {@code samples} 16-byte windows of {@code plaintext}, spread evenly, found
     * anywhere in {@code held}. Red Stuff is systematic, so a plaintext blob's windows are found.
     */
    public static double plaintextFound(byte[] plaintext, byte[] held, int samples) {
        String haystack = new String(held, StandardCharsets.ISO_8859_1);
        int found = 0;
        int stride = Math.max(1, (plaintext.length - 16) / samples);
        int tried = 0;
        for (int at = 0; at + 16 <= plaintext.length && tried < samples; at += stride, tried++) {
            if (haystack.contains(new String(plaintext, at, 16, StandardCharsets.ISO_8859_1))) {
                found++;
            }
        }
        return (double) found / tried;
    }

    /** The slivers ({@code blob pair type}) of the node's shards it does not serve for these blobs. */
    public List<String> missing(Collection<BlobId> blobs) throws InterruptedException {
        List<String> missing = new ArrayList<>();
        for (BlobId blob : blobs) {
            for (int shard : shards) {
                int pair = params.pairOfShard(blob, shard);
                for (String type : List.of("primary", "secondary")) {
                    URI uri = URI.create(baseUrl + "/v1/blobs/" + blob.base64Url() + "/slivers/" + pair + "/" + type);
                    int status;
                    try {
                        status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        status = 0;
                    }
                    if (status != 200) {
                        missing.add(blob.base64Url() + " pair " + pair + " " + type + " (HTTP " + status + ")");
                    }
                }
            }
        }
        return missing;
    }
}

package dev.walrusstream.app;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.devnet.network.LocalNetwork;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * What the storage nodes hold for a blob, fetched over their REST API (every primary and secondary
 * sliver of every pair, from every node), and a probe for plaintext in it.
 */
final class NodeSlivers {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private NodeSlivers() {
    }

    /** Every sliver body the nodes return for {@code id}, concatenated, and how many there were. */
    record Held(byte[] bytes, int slivers) {
    }

    static Held of(LocalNetwork network, BlobId id, int nShards) throws Exception {
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
    static double plaintextFound(byte[] plaintext, byte[] held, int samples) {
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
}

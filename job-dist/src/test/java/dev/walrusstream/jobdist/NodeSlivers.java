package dev.walrusstream.jobdist;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Asks one storage node, over its REST API, which slivers of its own shards it holds. */
final class NodeSlivers {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final List<Integer> shards;
    private final RedStuffParams params;

    NodeSlivers(String address, List<Integer> shards, int nShards) {
        this.baseUrl = "http://" + address;
        this.shards = List.copyOf(shards);
        this.params = RedStuffParams.of(nShards);
    }

    /** The slivers ({@code blob pair type}) of the node's shards it does not serve for these blobs. */
    List<String> missing(Collection<BlobId> blobs) throws InterruptedException {
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

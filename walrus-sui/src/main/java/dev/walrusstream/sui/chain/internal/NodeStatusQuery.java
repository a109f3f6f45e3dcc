package dev.walrusstream.sui.chain.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EventId;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.tls.NodeTls;
import dev.walrusstream.codec.BlobId;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A blob ID's status on Sui as Walrus's client determines it: Sui has no index by blob ID, so
 * every committee member is asked ({@code GET /v1/blobs/{id}/status}); nonexistent when nodes
 * holding a quorum of shards say so; otherwise the strongest status (invalid, then certified
 * permanent, uncertified permanent, deletable) that nodes holding at least one correct node's
 * weight (3w ≥ n + 1) report, or whose status event the chain confirms.
 */
public final class NodeStatusQuery {
    private final HttpClient http;
    private final String scheme;
    private final Duration timeout;
    private final ObjectMapper json = ChainJson.mapper();

    private final NodeTls tls = new NodeTls();

    /** {@code scheme}: {@code auto} (https for nodes with a network key, as Walrus's), {@code http} or {@code https}. */
    public NodeStatusQuery(String scheme, Duration timeout) {
        this.scheme = scheme;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .sslContext(tls.sslContext()).build();
    }

    /**
     * @param eventCheck confirms on chain that an event concerns the blob ID (status events reported
     *                   by too few nodes are checked this way)
     */
    public BlobStatus status(BlobId blobId, Committee committee, BiFunction<EventId, BlobId, Optional<ChainEvent>> eventCheck) {
        List<CompletableFuture<Optional<BlobStatus>>> asks = new ArrayList<>();
        for (StorageNodeInfo node : committee.members()) {
            tls.register(node);
            String s = scheme.equals("auto") ? NodeTls.scheme(node) : scheme;
            URI uri = URI.create(s + "://" + node.networkAddress() + "/v1/blobs/" + blobId.base64Url() + "/status");
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            asks.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(this::parse).exceptionally(e -> Optional.empty()));
        }
        Map<BlobStatus, Integer> weights = new LinkedHashMap<>();
        int answered = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < asks.size(); i++) {
            Optional<BlobStatus> s;
            try {
                s = asks.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChainException.Unavailable("interrupted while asking storage nodes for the status of " + blobId, e);
            } catch (Exception e) {
                s = Optional.empty();
            }
            if (s.isPresent()) {
                int w = committee.member(i).weight();
                answered += w;
                weights.merge(s.get(), w, Integer::sum);
            }
        }
        int nonexistent = weights.getOrDefault(BlobStatus.Nonexistent.INSTANCE, 0);
        if (committee.isQuorum(nonexistent)) {
            return BlobStatus.Nonexistent.INSTANCE;
        }
        List<BlobStatus> candidates = new ArrayList<>(weights.keySet());
        candidates.sort(Comparator.comparingLong(NodeStatusQuery::rank).reversed());
        for (BlobStatus s : candidates) {
            if (s instanceof BlobStatus.Nonexistent) {
                continue;
            }
            if (committee.includesOneCorrectNode(weights.get(s)) || confirmed(s, blobId, eventCheck)) {
                return s;
            }
        }
        if (committee.includesOneCorrectNode(nonexistent) && answered == nonexistent) {
            return BlobStatus.Nonexistent.INSTANCE;
        }
        throw new ChainException.Unavailable("the status of blob " + blobId + " could not be established: storage nodes "
                + "holding " + answered + " of " + committee.nShards() + " shards answered " + weights, null);
    }

    private Optional<BlobStatus> parse(HttpResponse<byte[]> r) {
        if (r.statusCode() == 404) {
            return Optional.of(BlobStatus.Nonexistent.INSTANCE);
        }
        if (r.statusCode() != 200) {
            return Optional.empty();
        }
        try {
            JsonNode data = json.readTree(r.body()).path("success").path("data");
            return Optional.of(json.treeToValue(data, BlobStatus.class));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static boolean confirmed(BlobStatus s, BlobId blobId, BiFunction<EventId, BlobId, Optional<ChainEvent>> check) {
        EventId event = s instanceof BlobStatus.Permanent p ? p.statusEvent()
                : s instanceof BlobStatus.Invalid i ? i.event() : null;
        if (event == null) {
            return false;
        }
        try {
            Optional<ChainEvent> e = check.apply(event, blobId);
            if (e.isEmpty()) {
                return false;
            }
            if (s instanceof BlobStatus.Invalid) {
                return e.get() instanceof ChainEvent.InvalidBlobId;
            }
            BlobStatus.Permanent p = (BlobStatus.Permanent) s;
            return p.certified() ? e.get() instanceof ChainEvent.BlobCertified c && !c.deletable()
                    : e.get() instanceof ChainEvent.BlobRegistered r && !r.deletable();
        } catch (RuntimeException x) {
            return false;
        }
    }

    /** Walrus's order of statuses: later (stronger) first when sorted descending. */
    static long rank(BlobStatus s) {
        if (s instanceof BlobStatus.Invalid) {
            return 4L << 40;
        }
        if (s instanceof BlobStatus.Permanent p) {
            return ((p.certified() ? 3L : 2L) << 40) + p.endEpoch();
        }
        if (s instanceof BlobStatus.Deletable d) {
            return (1L << 40) + ((long) d.deletableCounts().countDeletableCertified() << 20)
                    + d.deletableCounts().countDeletableTotal();
        }
        return 0;
    }
}

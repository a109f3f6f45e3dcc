package dev.walrusstream.client;

import com.sun.net.httpserver.HttpServer;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.client.internal.Transport;
import dev.walrusstream.client.internal.WriteSession;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.SliverArenaPool;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.testsupport.Networks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blobs encoded into pooled arenas, as the sink encodes them: a write returns at the quorum while the
 * slowest node still uploads, and the next blob must not be encoded into the slivers that node is
 * sending. One node of ten sits behind a gate (an HTTP relay that holds its requests until opened):
 * the write certifies without it and returns, the blob is still held, the next blob gets a second
 * arena, and once the gate opens the slow node stores the first blob's slivers intact (a node refuses
 * a sliver that does not match the blob's metadata) and the arena comes back.
 */
class PooledSliversIT {
    @TempDir
    static Path dir;

    @Test
    void aSlowNodeKeepsItsBlobsSliversFromBeingReused() throws Exception {
        int shards = 10;
        RedStuffParams params = RedStuffParams.of(shards);
        SliverArenaPool pool = new SliverArenaPool(RedStuff.create(), 1);
        ExecutorService threads = Executors.newCachedThreadPool();
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger held = new AtomicInteger();
        try (LocalNetwork network = Networks.start(dir, 10, shards)) {
            LocalChainHttpClient chain = new LocalChainHttpClient(network.chainUrl(), network.account());
            Committee real = chain.committee();
            int slow = 3;
            StorageNodeInfo target = real.member(slow);
            HttpServer relay = gatedRelay(target.networkAddress(), gate, held);
            try {
                List<StorageNodeInfo> members = new ArrayList<>(real.members());
                members.set(slow, new StorageNodeInfo(target.nodeId(), target.name(), "127.0.0.1:"
                        + relay.getAddress().getPort(), target.publicKey(), target.shards(), target.networkPublicKey()));
                Committee committee = new Committee(real.epoch(), real.nShards(), members);
                Transport transport = new Transport(Clients.OPTIONS.withMaxExtraUploadTime(Duration.ZERO), threads);
                WriteSession session = new WriteSession(transport, threads, threads);

                byte[] first = Networks.random(1 << 20, 41);
                EncodedBlob blob = pool.encode(params, first, 0, first.length);
                byte[] slowNodesPrimary = blob.pairPrimary(params.pairOfShard(blob.blobId(), target.shards().get(0))).toBcs();
                Results.Registration reg = chain.reserveAndRegister(blob.blobId(), blob.metadata().rootHash(),
                        blob.unencodedLength(), RedStuffParams.ENCODING_TYPE_RS2, false, 1);
                PersistenceType persistence = reg.blob().persistence();
                WriteSession.Certified certified = assertInstanceOf(WriteSession.Certified.class,
                        session.run(blob, committee, persistence));
                blob.release();
                assertTrue(held.get() > 0, "the slow node's request reached the gate");
                assertTrue(certified.confirmedBy().stream().noneMatch(n -> n.contains(target.name()) && !target.name().isEmpty()),
                        "certified without the slow node: " + certified.confirmedBy());
                assertEquals(1, pool.lent(), "the caller let go, the slow node's upload still holds the blob");

                byte[] second = Networks.random(1 << 20, 42);
                EncodedBlob next = pool.encode(params, second, 0, second.length);
                assertEquals(2, pool.created(), "the held arena was not encoded into: the next blob got its own");
                next.release();

                gate.countDown();
                assertTrue(pool.awaitReleased(Duration.ofMinutes(1)), "the slow node's upload ended: " + pool.lent());
                assertEquals(1, pool.idle());
                HttpResponse<byte[]> stored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://" + target.networkAddress() + "/v1/blobs/" + blob.blobId().base64Url() + "/slivers/"
                                + params.pairOfShard(blob.blobId(), target.shards().get(0)) + "/primary")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, stored.statusCode(), "the slow node stored the first blob's primary sliver");
                assertArrayEquals(slowNodesPrimary, stored.body(), "with the bytes encoded for it, not the next blob's");
            } finally {
                gate.countDown();
                relay.stop(0);
            }
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** An HTTP relay to {@code address} that holds every request until {@code gate} opens. */
    private static HttpServer gatedRelay(String address, CountDownLatch gate, AtomicInteger held) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                held.incrementAndGet();
                gate.await();
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address
                        + exchange.getRequestURI()))
                        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (type != null) {
                    request.header("Content-Type", type);
                }
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
                byte[] out = response.body();
                exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    exchange.getResponseBody().write(out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return server;
    }
}

package dev.walrusstream.devnet.sui;

import dev.walrusstream.sui.rpc.proto.GetServiceInfoRequest;
import dev.walrusstream.sui.rpc.proto.GetServiceInfoResponse;
import dev.walrusstream.sui.rpc.proto.LedgerServiceGrpc;
import dev.walrusstream.sui.rpc.proto.SubscribeCheckpointsRequest;
import dev.walrusstream.sui.rpc.proto.SubscribeCheckpointsResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gRPC-Web over HTTP/1.1 on the port that serves gRPC over HTTP/2: binary and base64-text framing, errors
 * in trailer frames, CORS preflights, a server stream delivered frame by frame, and plain gRPC still
 * answered on the same port.
 */
class LocalSuiGrpcWebIT {
    @TempDir
    static Path dir;
    static LocalSuiFixture fx;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        fx = LocalSuiFixture.create(dir, Map.of(LocalSuiFixture.key("web"), LocalSuiFixture.FUNDS));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    record Frame(int flags, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void binaryAndTextGrpcWebCallsAnswerWithDataAndTrailerFrames() throws Exception {
        for (boolean text : new boolean[] {false, true}) {
            HttpResponse<byte[]> r = post("sui.rpc.v2.LedgerService/GetServiceInfo",
                    GetServiceInfoRequest.getDefaultInstance().toByteArray(), text);
            assertEquals(200, r.statusCode());
            assertEquals(text ? "application/grpc-web-text+proto" : "application/grpc-web+proto",
                    r.headers().firstValue("content-type").orElse(""));
            assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(""));
            List<Frame> frames = frames(text ? decodeChunkedBase64(r.body()) : r.body());
            assertEquals(2, frames.size(), frames.toString());
            assertEquals(0, frames.get(0).flags());
            assertEquals(fx.sui.chainIdentifier(), GetServiceInfoResponse.parseFrom(frames.get(0).payload()).getChainId());
            assertEquals(0x80, frames.get(1).flags());
            assertTrue(frames.get(1).text().startsWith("grpc-status:0\r\n"), frames.get(1).text());
        }
    }

    @Test
    void errorsAndUnknownMethodsComeAsGrpcStatusesAndOtherRequestsAreNamed() throws Exception {
        String ghost = "0x" + "cd".repeat(32);
        byte[] getObject = dev.walrusstream.sui.rpc.proto.GetObjectRequest.newBuilder().setObjectId(ghost).build()
                .toByteArray();
        List<Frame> missing = frames(post("sui.rpc.v2.LedgerService/GetObject", getObject, false).body());
        assertEquals(1, missing.size());
        assertTrue(missing.get(0).text().contains("grpc-status:5\r\n"), missing.get(0).text());
        assertTrue(missing.get(0).text().contains(ghost), missing.get(0).text());

        List<Frame> unknown = frames(post("sui.rpc.v2.LedgerService/NoSuchMethod", new byte[0], false).body());
        assertTrue(unknown.get(0).text().startsWith("grpc-status:12\r\n"), unknown.get(0).text());

        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(uri("sui.rpc.v2.LedgerService/GetObject"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Access-Control-Request-Headers", "content-type,x-grpc-web,client-sdk-version").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals("content-type,x-grpc-web,client-sdk-version",
                preflight.headers().firstValue("access-control-allow-headers").orElse(""));

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri("")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, get.statusCode());
        assertTrue(get.body().contains("gRPC-Web over HTTP/1.1"), get.body());
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aServerStreamArrivesFrameByFrameAndGrpcStillWorksOnThePort() throws Exception {
        HttpResponse<InputStream> r = http.send(request("sui.rpc.v2.SubscriptionService/SubscribeCheckpoints",
                SubscribeCheckpointsRequest.getDefaultInstance().toByteArray(), false),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        long before = fx.sui.checkpointHeight();
        // The bridge answers 200 before the gRPC call reaches the ledger, so a checkpoint made right away can
        // precede the subscription (a stream starts at "now", as Sui's does). New checkpoints come every 250 ms
        // while the stream is open, until the first frame is read.
        ScheduledExecutorService minter = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger mints = new AtomicInteger();
        AtomicReference<RuntimeException> mintFailed = new AtomicReference<>();
        InputStream body = r.body();
        minter.scheduleWithFixedDelay(() -> {
            try {
                fx.sui.mintSui(LocalSuiFixture.key("web").address(), 5);
                mints.incrementAndGet();
            } catch (RuntimeException e) {
                // no more checkpoints would come: end the read, and the test fails naming this
                mintFailed.compareAndSet(null, e);
                try {
                    body.close();
                } catch (java.io.IOException ignored) {
                    // the read ends either way
                }
                throw e;
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        try (DataInputStream in = new DataInputStream(body)) {
            int flags = in.readUnsignedByte();
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            assertEquals(0, flags);
            long cursor = SubscribeCheckpointsResponse.parseFrom(payload).getCursor();
            assertTrue(cursor > before, "checkpoint " + cursor + " after " + mints.get() + " mints, height was " + before);
        } finally {
            minter.shutdownNow();
            assertTrue(minter.awaitTermination(30, TimeUnit.SECONDS), "the minting task did not stop");
            if (mintFailed.get() != null) {
                throw new AssertionError("minting a checkpoint failed after " + mints.get() + " mints", mintFailed.get());
            }
        }
        ManagedChannel grpc = NettyChannelBuilder.forTarget("127.0.0.1:" + fx.server.port()).usePlaintext().build();
        try {
            assertEquals(fx.sui.chainIdentifier(), LedgerServiceGrpc.newBlockingStub(grpc)
                    .getServiceInfo(GetServiceInfoRequest.getDefaultInstance()).getChainId());
        } finally {
            grpc.shutdownNow();
        }
    }

    private static HttpResponse<byte[]> post(String method, byte[] message, boolean text) throws Exception {
        return http.send(request(method, message, text), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest request(String method, byte[] message, boolean text) {
        byte[] frame = new byte[5 + message.length];
        frame[1] = (byte) (message.length >>> 24);
        frame[2] = (byte) (message.length >>> 16);
        frame[3] = (byte) (message.length >>> 8);
        frame[4] = (byte) message.length;
        System.arraycopy(message, 0, frame, 5, message.length);
        return HttpRequest.newBuilder(uri(method)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", text ? "application/grpc-web-text" : "application/grpc-web+proto")
                .header("X-Grpc-Web", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(text ? Base64.getEncoder().encode(frame) : frame)).build();
    }

    private static URI uri(String method) {
        return URI.create(fx.server.url() + "/" + method);
    }

    /** grpc-web-text: each chunk is padded base64 (as Envoy sends it), so decode by 4-character groups. */
    private static byte[] decodeChunkedBase64(byte[] text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        assertEquals(0, text.length % 4, "base64 text of " + text.length + " characters");
        for (int i = 0; i < text.length; i += 4) {
            out.writeBytes(Base64.getDecoder().decode(java.util.Arrays.copyOfRange(text, i, i + 4)));
        }
        return out.toByteArray();
    }

    private static List<Frame> frames(byte[] body) {
        List<Frame> out = new ArrayList<>();
        int i = 0;
        while (i + 5 <= body.length) {
            int len = ((body[i + 1] & 0xff) << 24) | ((body[i + 2] & 0xff) << 16) | ((body[i + 3] & 0xff) << 8)
                    | (body[i + 4] & 0xff);
            byte[] p = new byte[len];
            System.arraycopy(body, i + 5, p, 0, len);
            out.add(new Frame(body[i] & 0xff, p));
            i += 5 + len;
        }
        assertEquals(body.length, i, "trailing bytes after the frames");
        return out;
    }
}

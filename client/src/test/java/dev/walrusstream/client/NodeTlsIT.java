package dev.walrusstream.client;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageNodeInfo;
import dev.walrusstream.chain.bls.BlsKeyPair;
import dev.walrusstream.chain.tls.NodeTls;
import dev.walrusstream.client.internal.NodeApi;
import dev.walrusstream.client.internal.NodeApiException;
import dev.walrusstream.client.internal.Transport;
import dev.walrusstream.codec.BlobId;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A storage node that publishes a TLS network key on chain (as Walrus's nodes do) is reached over
 * HTTPS, and its self-signed certificate is accepted exactly when its key is that network key.
 */
class NodeTlsIT {
    static HttpsServer server;
    static KeyPair serverKey;
    static ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() throws Exception {
        serverKey = p256();
        X500Name name = new X500Name("CN=walrus-node");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.TEN, new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis()
                + 3_600_000), name, serverKey.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(serverKey.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("node", serverKey.getPrivate(), new char[0], new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", ex -> {
            byte[] body = "{\"success\":{\"code\":200,\"data\":\"nonexistent\"}}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.setExecutor(pool);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return g.generateKeyPair();
    }

    static StorageNodeInfo node(byte[] networkKey) {
        return new StorageNodeInfo(ObjectId.parse("0x7115"), "tls-node", "127.0.0.1:" + server.getAddress().getPort(),
                BlsKeyPair.generate(new SecureRandom()).publicKey(), List.of(0), HexFormat.of().formatHex(networkKey));
    }

    @Test
    void aCertificateWithTheNodesNetworkKeyIsTrusted() throws Exception {
        byte[] key = NodeTls.compressed(serverKey.getPublic());
        assertEquals(33, key.length);
        StorageNodeInfo node = node(key);
        assertEquals("https", NodeTls.scheme(node));
        Transport transport = new Transport(Clients.OPTIONS, pool);
        BlobId id = BlobId.of(new byte[32]);
        assertEquals(BlobStatus.Nonexistent.INSTANCE, new NodeApi(node, transport).blobStatus(id));
    }

    @Test
    void anyOtherSelfSignedCertificateIsRefused() throws Exception {
        StorageNodeInfo node = node(NodeTls.compressed(p256().getPublic()));
        Transport transport = new Transport(Clients.OPTIONS.withRetries(0, Duration.ofMillis(1)), pool);
        NodeApiException e = assertThrows(NodeApiException.class,
                () -> new NodeApi(node, transport).blobStatus(BlobId.of(new byte[32])));
        assertEquals("UNREACHABLE", e.reason());
        Throwable t = e;
        StringBuilder causes = new StringBuilder();
        while (t != null) {
            causes.append(t).append(" / ");
            t = t.getCause();
        }
        assertTrue(causes.toString().contains("is not the node's network key"), causes.toString());
    }
}

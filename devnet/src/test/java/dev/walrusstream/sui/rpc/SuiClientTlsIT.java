package dev.walrusstream.sui.rpc;

import dev.walrusstream.devnet.sui.LocalSui;
import dev.walrusstream.devnet.sui.LocalSuiFixture;
import dev.walrusstream.devnet.sui.LocalSuiGrpcServer;
import dev.walrusstream.devnet.sui.LocalSuiOptions;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS to devnet's LocalSui served over gRPC with a self-signed certificate: trusted via a PEM file, refused
 * otherwise.
 */
class SuiClientTlsIT {

    @Test
    void connectsOverTlsWithTrustedCertificateAndRefusesUnknownOnes(@TempDir Path dir) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair keys = gen.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plusSeconds(3600)), name,
                keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509CertificateHolder cert = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        Path certFile = dir.resolve("server.pem");
        Path keyFile = dir.resolve("server.key");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));

        try (LocalSui sui = LocalSui.create(dir.resolve("sui"), LocalSuiFixture.genesis(Map.of()), LocalSuiOptions.DEFAULTS);
             LocalSuiGrpcServer server = LocalSuiGrpcServer.startTls(sui, "127.0.0.1", 0, null, certFile, keyFile)) {
            assertTrue(server.url().startsWith("https://"), server.url());
            SuiEndpoint endpoint = SuiEndpoint.parse("https://localhost:" + server.port());
            try (SuiClient trusted = SuiClient.connect(endpoint.withTrustCertificates(certFile), SuiClientOptions.DEFAULT)) {
                assertEquals(sui.chainIdentifier(), trusted.serviceInfo().chainId());
            }
            try (SuiClient untrusting = SuiClient.connect(endpoint,
                    SuiClientOptions.DEFAULT.withRetry(RetryPolicy.NONE))) {
                SuiUnavailableException e = assertThrows(SuiUnavailableException.class, untrusting::serviceInfo);
                assertTrue(e.getMessage().contains("UNAVAILABLE"), e.getMessage());
            }
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

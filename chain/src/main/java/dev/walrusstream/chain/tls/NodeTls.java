package dev.walrusstream.chain.tls;

import dev.walrusstream.chain.StorageNodeInfo;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TLS to storage nodes as Walrus's client does it: a node publishes its network public key on
 * chain (33-byte compressed P-256); a server certificate whose key is exactly that key is trusted
 * (Walrus nodes often serve a self-signed certificate made from it), any other certificate must
 * pass the JVM's usual checks (chain to a trusted root, host name). Nodes without a network key
 * are reached over plain HTTP. Thread-safe: register nodes as the committee becomes known.
 */
public final class NodeTls {
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final SSLContext context;

    public NodeTls() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            X509ExtendedTrustManager fallback = null;
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    fallback = x;
                }
            }
            if (fallback == null) {
                throw new IllegalStateException("the JVM has no X509ExtendedTrustManager");
            }
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Pinning(fallback)}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for storage nodes: " + e.getMessage(), e);
        }
    }

    /** The scheme to reach {@code node} with: https when it publishes a network key, else http. */
    public static String scheme(StorageNodeInfo node) {
        return node.servesTls() ? "https" : "http";
    }

    /** Remembers the network key of {@code node} (by its {@code host:port}) for certificate checks. */
    public void register(StorageNodeInfo node) {
        if (node.servesTls()) {
            keys.put(node.networkAddress().toLowerCase(Locale.ROOT), node.networkPublicKeyBytes());
        }
    }

    public SSLContext sslContext() {
        return context;
    }

    /** A P-256 key in the 33-byte compressed form (0x02 or 0x03 by y's parity, then x); null for other keys. */
    public static byte[] compressed(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            return null;
        }
        BigInteger x = ec.getW().getAffineX();
        BigInteger y = ec.getW().getAffineY();
        byte[] out = new byte[33];
        out[0] = (byte) (y.testBit(0) ? 3 : 2);
        byte[] xb = x.toByteArray();
        int n = Math.min(32, xb.length);
        System.arraycopy(xb, xb.length - n, out, 33 - n, n);
        return out;
    }

    private final class Pinning extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager fallback;

        Pinning(X509ExtendedTrustManager fallback) {
            this.fallback = fallback;
        }

        private boolean pinned(X509Certificate[] chain, String host, int port) {
            if (chain == null || chain.length == 0 || host == null) {
                return false;
            }
            byte[] expected = keys.get((host + ":" + port).toLowerCase(Locale.ROOT));
            return expected != null && Arrays.equals(expected, compressed(chain[0].getPublicKey()));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            if (engine != null && pinned(chain, engine.getPeerHost(), engine.getPeerPort())) {
                chain[0].checkValidity();
                return;
            }
            try {
                fallback.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                String host = engine == null ? "?" : engine.getPeerHost() + ":" + engine.getPeerPort();
                byte[] expected = engine == null ? null : keys.get(host.toLowerCase(Locale.ROOT));
                throw new CertificateException("storage node " + host + " presented a certificate "
                        + (expected == null ? "that no trusted authority issued (and the node has no network key "
                        + "on chain)" : "whose key " + hex(compressed(chain[0].getPublicKey())) + " is not the node's "
                        + "network key " + hex(expected) + " and that no trusted authority issued") + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (socket != null && pinned(chain, socket.getInetAddress().getHostName(), socket.getPort())) {
                chain[0].checkValidity();
                return;
            }
            fallback.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            fallback.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            ((X509TrustManager) fallback).checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            fallback.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            fallback.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return fallback.getAcceptedIssuers();
        }
    }

    private static String hex(byte[] b) {
        return b == null ? "(not a P-256 key)" : HexFormat.of().formatHex(b);
    }
}

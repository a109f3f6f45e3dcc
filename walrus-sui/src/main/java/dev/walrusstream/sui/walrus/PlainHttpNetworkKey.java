package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.codec.ids.ObjectId;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The network key a development ledger (LocalSui) publishes for a storage node that serves plain HTTP:
 * Walrus's contract requires every {@code StorageNodeInfo.network_public_key} to be a 33-byte compressed
 * P-256 key, and nodes on loopback have no TLS key. This one is a valid P-256 point whose secret is
 * derived from the node ID and a public label, so nobody holds it as a TLS key and clients recognise it:
 * a node publishing exactly this key is reached over plain HTTP ({@code sui.walrus.node-scheme=auto}).
 */
public final class PlainHttpNetworkKey {
    /** Length of a compressed P-256 key, as the contract requires. */
    public static final int LENGTH = 33;
    private static final ECNamedCurveParameterSpec P256 = ECNamedCurveTable.getParameterSpec("secp256r1");

    private PlainHttpNetworkKey() {
    }

    /** The 33-byte compressed key for {@code nodeId}. */
    public static byte[] of(ObjectId nodeId) {
        byte[] seed = new Blake2b256().update(("walrus-stream plain-http node network key\0").getBytes(
                StandardCharsets.US_ASCII)).update(nodeId.bytes()).finish();
        BigInteger k = new BigInteger(1, seed).mod(P256.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
        return P256.getG().multiply(k).normalize().getEncoded(true);
    }

    /** Whether {@code key} is the plain-HTTP key of {@code nodeId}. */
    public static boolean is(ObjectId nodeId, byte[] key) {
        return key != null && key.length == LENGTH && Arrays.equals(of(nodeId), key);
    }
}

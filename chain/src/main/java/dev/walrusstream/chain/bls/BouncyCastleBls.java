package dev.walrusstream.chain.bls;

import org.bouncycastle.crypto.bls.BLS12_381Aggregation;
import org.bouncycastle.crypto.bls.BLS12_381BasicScheme;
import org.bouncycastle.crypto.bls.BLS12_381G2Point;
import org.bouncycastle.crypto.bls.BLS12_381Serialization;
import org.bouncycastle.crypto.bls.BLS12_381SubgroupCheck;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** The reference {@link BlsEngine}: Bouncy Castle 1.86's BLS12-381, pure Java. */
public final class BouncyCastleBls implements BlsEngine {

    @Override
    public String name() {
        return "bouncycastle";
    }

    @Override
    public byte[] publicKey(byte[] secret) {
        return BLS12_381Serialization.compressG1(BLS12_381BasicScheme.skToPk(new BigInteger(1, secret)).normalize());
    }

    @Override
    public byte[] sign(byte[] secret, byte[] message) {
        return BLS12_381Serialization.compressG2(BLS12_381BasicScheme.sign(new BigInteger(1, secret), message));
    }

    @Override
    public void checkPublicKey(byte[] key) {
        g1(key);
    }

    @Override
    public void checkSignature(byte[] signature) {
        g2(signature);
    }

    @Override
    public boolean verify(byte[] key, byte[] message, byte[] signature) {
        return BLS12_381BasicScheme.verify(g1(key), message, g2(signature));
    }

    @Override
    public byte[] aggregateSignatures(List<byte[]> signatures) {
        BLS12_381G2Point[] points = signatures.stream().map(BouncyCastleBls::g2).toArray(BLS12_381G2Point[]::new);
        return BLS12_381Serialization.compressG2(BLS12_381Aggregation.aggregate(points));
    }

    @Override
    public byte[] aggregatePublicKeys(List<byte[]> keys) {
        ECPoint sum = null;
        for (byte[] k : keys) {
            sum = sum == null ? g1(k) : sum.add(g1(k));
        }
        if (sum.isInfinity()) {
            throw new BlsException("aggregate public key is the identity");
        }
        return BLS12_381Serialization.compressG1(sum.normalize());
    }

    @Override
    public boolean verifyBatch(List<byte[]> keys, byte[] message, List<byte[]> signatures, Random random) {
        ECPoint keySum = null;
        BLS12_381G2Point sigSum = null;
        for (int i = 0; i < keys.size(); i++) {
            BigInteger r = new BigInteger(64, random).setBit(63);
            ECPoint k = g1(keys.get(i)).multiply(r);
            BLS12_381G2Point s = g2(signatures.get(i)).multiply(r);
            keySum = keySum == null ? k : keySum.add(k);
            sigSum = sigSum == null ? s : sigSum.add(s);
        }
        return BLS12_381BasicScheme.verify(keySum.normalize(), message, sigSum);
    }

    static ECPoint g1(byte[] compressed) {
        ECPoint p;
        try {
            p = BLS12_381Serialization.decompressG1(compressed, Curves.G1);
        } catch (RuntimeException e) {
            throw new BlsException("not a compressed G1 point: " + HexFormat.of().formatHex(compressed), e);
        }
        if (!BLS12_381BasicScheme.keyValidate(p)) {
            throw new BlsException("BLS public key " + HexFormat.of().formatHex(compressed)
                    + " is the identity or outside the G1 subgroup");
        }
        return p;
    }

    static BLS12_381G2Point g2(byte[] compressed) {
        BLS12_381G2Point p;
        try {
            p = BLS12_381Serialization.decompressG2(compressed);
        } catch (RuntimeException e) {
            throw new BlsException("not a compressed G2 point: " + HexFormat.of().formatHex(compressed), e);
        }
        if (!p.isInfinity() && !BLS12_381SubgroupCheck.isInG2Subgroup(p)) {
            throw new BlsException("BLS signature " + HexFormat.of().formatHex(compressed) + " is outside the G2 subgroup");
        }
        return p;
    }
}

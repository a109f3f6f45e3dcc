package dev.walrusstream.chain.bls;

import org.bouncycastle.crypto.bls.BLS12_381Aggregation;
import org.bouncycastle.crypto.bls.BLS12_381BasicScheme;
import org.bouncycastle.crypto.bls.BLS12_381G2Point;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Random;

/** Verification and aggregation of BLS12-381 min_pk signatures (Bouncy Castle, NUL ciphersuite). */
public final class Bls {
    private Bls() {
    }

    public static boolean verify(BlsPublicKey key, byte[] message, BlsSignature signature) {
        return BLS12_381BasicScheme.verify(key.point(), message, signature.point());
    }

    /** Sum of the signatures (all must be over the same message for {@link #verifyAggregate}). */
    public static BlsSignature aggregate(Collection<BlsSignature> signatures) {
        if (signatures.isEmpty()) {
            throw new BlsException("cannot aggregate zero signatures");
        }
        BLS12_381G2Point[] points = signatures.stream().map(BlsSignature::point).toArray(BLS12_381G2Point[]::new);
        return BlsSignature.fromPoint(BLS12_381Aggregation.aggregate(points));
    }

    /** Sum of the public keys. */
    public static BlsPublicKey aggregateKeys(Collection<BlsPublicKey> keys) {
        if (keys.isEmpty()) {
            throw new BlsException("cannot aggregate zero public keys");
        }
        ECPoint sum = null;
        for (BlsPublicKey k : keys) {
            sum = sum == null ? k.point() : sum.add(k.point());
        }
        if (sum.isInfinity()) {
            throw new BlsException("aggregate public key is the identity");
        }
        return BlsPublicKey.fromPoint(sum);
    }

    /**
     * Checks many signatures over one shared {@code message} at the cost of about one verification:
     * each key and signature is weighted by a random 64-bit scalar before summing, so a set that
     * verifies contains (except with probability 2⁻⁶³) only valid signatures; unlike a plain
     * aggregate, invalid signatures cannot cancel each other out.
     */
    public static boolean verifyBatch(List<BlsPublicKey> keys, byte[] message, List<BlsSignature> signatures,
                                      Random random) {
        if (keys.size() != signatures.size() || keys.isEmpty()) {
            throw new BlsException("batch needs one key per signature, got " + keys.size() + " keys and "
                    + signatures.size() + " signatures");
        }
        if (keys.size() == 1) {
            return verify(keys.get(0), message, signatures.get(0));
        }
        ECPoint keySum = null;
        BLS12_381G2Point sigSum = null;
        for (int i = 0; i < keys.size(); i++) {
            BigInteger r = new BigInteger(64, random).setBit(63);
            ECPoint k = keys.get(i).point().multiply(r);
            BLS12_381G2Point s = signatures.get(i).point().multiply(r);
            keySum = keySum == null ? k : keySum.add(k);
            sigSum = sigSum == null ? s : sigSum.add(s);
        }
        return BLS12_381BasicScheme.verify(keySum.normalize(), message, sigSum);
    }

    /** Checks an aggregate signature of {@code keys} over one shared {@code message}. */
    public static boolean verifyAggregate(Collection<BlsPublicKey> keys, byte[] message, BlsSignature aggregate) {
        return verify(aggregateKeys(keys), message, aggregate);
    }
}

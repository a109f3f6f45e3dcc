package dev.walrusstream.chain.bls;

import org.bouncycastle.crypto.bls.BLS12_381Aggregation;
import org.bouncycastle.crypto.bls.BLS12_381BasicScheme;
import org.bouncycastle.crypto.bls.BLS12_381G2Point;
import org.bouncycastle.math.ec.ECPoint;

import java.util.Collection;

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

    /** Checks an aggregate signature of {@code keys} over one shared {@code message}. */
    public static boolean verifyAggregate(Collection<BlsPublicKey> keys, byte[] message, BlsSignature aggregate) {
        return verify(aggregateKeys(keys), message, aggregate);
    }
}

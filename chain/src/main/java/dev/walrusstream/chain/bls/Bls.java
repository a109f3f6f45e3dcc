package dev.walrusstream.chain.bls;


import java.util.Collection;
import java.util.List;
import java.util.Random;

/** Verification and aggregation of BLS12-381 min_pk signatures (Bouncy Castle, NUL ciphersuite). */
public final class Bls {
    private Bls() {
    }

    /** The engine in use (blst when its native library loads, else Bouncy Castle). */
    public static BlsEngine engine() {
        return BlsEngines.best();
    }

    public static boolean verify(BlsPublicKey key, byte[] message, BlsSignature signature) {
        return engine().verify(key.raw(), message, signature.raw());
    }

    /** Sum of the signatures (all must be over the same message for {@link #verifyAggregate}). */
    public static BlsSignature aggregate(Collection<BlsSignature> signatures) {
        if (signatures.isEmpty()) {
            throw new BlsException("cannot aggregate zero signatures");
        }
        return BlsSignature.trusted(engine().aggregateSignatures(signatures.stream().map(BlsSignature::raw).toList()));
    }

    /** Sum of the public keys. */
    public static BlsPublicKey aggregateKeys(Collection<BlsPublicKey> keys) {
        if (keys.isEmpty()) {
            throw new BlsException("cannot aggregate zero public keys");
        }
        return BlsPublicKey.trusted(engine().aggregatePublicKeys(keys.stream().map(BlsPublicKey::raw).toList()));
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
        return engine().verifyBatch(keys.stream().map(BlsPublicKey::raw).toList(), message,
                signatures.stream().map(BlsSignature::raw).toList(), random);
    }

    /** Checks an aggregate signature of {@code keys} over one shared {@code message}. */
    public static boolean verifyAggregate(Collection<BlsPublicKey> keys, byte[] message, BlsSignature aggregate) {
        return verify(aggregateKeys(keys), message, aggregate);
    }
}

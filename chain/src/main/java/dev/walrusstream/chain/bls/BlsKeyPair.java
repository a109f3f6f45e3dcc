package dev.walrusstream.chain.bls;

import org.bouncycastle.crypto.bls.BLS12_381BasicScheme;
import org.bouncycastle.crypto.bls.BLS12_381G1;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A storage node's BLS12-381 key pair (min_pk: keys in G1, signatures in G2, basic scheme with the
 * {@code _NUL_} ciphersuite, as fastcrypto's {@code bls12381::min_pk} and Walrus use). The secret
 * key's byte form is the 32-byte big-endian scalar, as in fastcrypto.
 */
public final class BlsKeyPair {
    public static final int SECRET_LENGTH = 32;

    private final BigInteger secret;
    private final BlsPublicKey publicKey;

    private BlsKeyPair(BigInteger secret) {
        if (secret.signum() <= 0 || secret.compareTo(BLS12_381G1.ORDER) >= 0) {
            throw new BlsException("BLS secret key must be a scalar in [1, r)");
        }
        this.secret = secret;
        this.publicKey = BlsPublicKey.trusted(Bls.engine().publicKey(secretBytes()));
    }

    /** A fresh key pair from {@code random} (IETF KeyGen over 32 random bytes). */
    public static BlsKeyPair generate(SecureRandom random) {
        byte[] ikm = new byte[32];
        random.nextBytes(ikm);
        return new BlsKeyPair(BLS12_381BasicScheme.keyGen(ikm, new byte[0]));
    }

    public static BlsKeyPair fromSecretBytes(byte[] secret) {
        if (secret.length != SECRET_LENGTH) {
            throw new BlsException("BLS secret key must be " + SECRET_LENGTH + " bytes, got " + secret.length);
        }
        return new BlsKeyPair(new BigInteger(1, secret));
    }

    public static BlsKeyPair fromSecretHex(String hex) {
        return fromSecretBytes(HexFormat.of().parseHex(hex.trim().startsWith("0x") ? hex.trim().substring(2) : hex.trim()));
    }

    public byte[] secretBytes() {
        byte[] raw = secret.toByteArray();
        byte[] out = new byte[SECRET_LENGTH];
        int n = Math.min(raw.length, SECRET_LENGTH);
        System.arraycopy(raw, raw.length - n, out, SECRET_LENGTH - n, n);
        Arrays.fill(raw, (byte) 0);
        return out;
    }

    public String secretHex() {
        return HexFormat.of().formatHex(secretBytes());
    }

    public BlsPublicKey publicKey() {
        return publicKey;
    }

    /** Signs {@code message} as-is (no hashing or prefix besides the ciphersuite's hash-to-curve). */
    public BlsSignature sign(byte[] message) {
        byte[] sk = secretBytes();
        try {
            return BlsSignature.trusted(Bls.engine().sign(sk, message));
        } finally {
            Arrays.fill(sk, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "BlsKeyPair[" + publicKey.hex() + "]";
    }
}

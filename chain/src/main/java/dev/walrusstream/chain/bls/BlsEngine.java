package dev.walrusstream.chain.bls;

import java.util.List;
import java.util.Random;

/**
 * BLS12-381 "min_pk" operations on the byte forms (48-byte compressed G1 keys, 96-byte compressed
 * G2 signatures, 32-byte big-endian secret scalars), basic scheme with the {@code _NUL_} ciphersuite
 * as fastcrypto and Walrus use. {@link BouncyCastleBls} is the pure-Java reference; {@link BlstBls}
 * (supranational blst through jblst) is about two orders of magnitude faster; both give the same
 * bytes and answers, and {@code BlsEngineContractTest} holds them to it.
 */
public interface BlsEngine {
    /** The ciphersuite's domain separation tag. */
    String DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_";

    String name();

    byte[] publicKey(byte[] secret);

    byte[] sign(byte[] secret, byte[] message);

    /** Throws unless {@code key} is a compressed G1 point on the curve, in the subgroup, not the identity. */
    void checkPublicKey(byte[] key);

    /** Throws unless {@code signature} is a compressed G2 point on the curve and in the subgroup. */
    void checkSignature(byte[] signature);

    boolean verify(byte[] key, byte[] message, byte[] signature);

    byte[] aggregateSignatures(List<byte[]> signatures);

    /** Sum of the keys; throws if it is the identity. */
    byte[] aggregatePublicKeys(List<byte[]> keys);

    /**
     * One check for many signatures over one message: each key and signature weighted by a random
     * 64-bit scalar before summing, so invalid signatures cannot cancel each other out.
     */
    boolean verifyBatch(List<byte[]> keys, byte[] message, List<byte[]> signatures, Random random);
}

package dev.walrusstream.chain.bls;

import supranational.blst.BLST_ERROR;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;
import supranational.blst.SecretKey;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * {@link BlsEngine} on supranational blst (native, through tech.pegasys:jblst, which ships the
 * library for Linux, macOS and Windows on x86-64 and aarch64). Used when the library loads.
 */
public final class BlstBls implements BlsEngine {

    BlstBls() {
        // loads the native library now, so a machine without it falls back at selection time
        new P1();
    }

    @Override
    public String name() {
        return "blst";
    }

    private static SecretKey secretKey(byte[] secret) {
        SecretKey sk = new SecretKey();
        sk.from_bendian(secret);
        return sk;
    }

    @Override
    public byte[] publicKey(byte[] secret) {
        return new P1(secretKey(secret)).compress();
    }

    @Override
    public byte[] sign(byte[] secret, byte[] message) {
        return new P2().hash_to(message, DST).sign_with(secretKey(secret)).compress();
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
        return g2(signature).core_verify(g1(key), true, message, DST) == BLST_ERROR.BLST_SUCCESS;
    }

    @Override
    public byte[] aggregateSignatures(List<byte[]> signatures) {
        P2 sum = new P2(g2(signatures.get(0)));
        for (int i = 1; i < signatures.size(); i++) {
            sum.add(g2(signatures.get(i)));
        }
        return sum.compress();
    }

    @Override
    public byte[] aggregatePublicKeys(List<byte[]> keys) {
        P1 sum = new P1(g1(keys.get(0)));
        for (int i = 1; i < keys.size(); i++) {
            sum.add(g1(keys.get(i)));
        }
        if (sum.is_inf()) {
            throw new BlsException("aggregate public key is the identity");
        }
        return sum.compress();
    }

    @Override
    public boolean verifyBatch(List<byte[]> keys, byte[] message, List<byte[]> signatures, Random random) {
        P1 keySum = null;
        P2 sigSum = null;
        for (int i = 0; i < keys.size(); i++) {
            BigInteger r = new BigInteger(64, random).setBit(63);
            P1 k = new P1(g1(keys.get(i))).mult(r);
            P2 s = new P2(g2(signatures.get(i))).mult(r);
            keySum = keySum == null ? k : keySum.add(k);
            sigSum = sigSum == null ? s : sigSum.add(s);
        }
        return sigSum.to_affine().core_verify(keySum.to_affine(), true, message, DST) == BLST_ERROR.BLST_SUCCESS;
    }

    private static P1_Affine g1(byte[] compressed) {
        P1_Affine p;
        try {
            p = new P1_Affine(compressed);
        } catch (RuntimeException e) {
            throw new BlsException("not a compressed G1 point: " + HexFormat.of().formatHex(compressed), e);
        }
        if (p.is_inf() || !p.in_group()) {
            throw new BlsException("BLS public key " + HexFormat.of().formatHex(compressed)
                    + " is the identity or outside the G1 subgroup");
        }
        return p;
    }

    private static P2_Affine g2(byte[] compressed) {
        P2_Affine p;
        try {
            p = new P2_Affine(compressed);
        } catch (RuntimeException e) {
            throw new BlsException("not a compressed G2 point: " + HexFormat.of().formatHex(compressed), e);
        }
        if (!p.is_inf() && !p.in_group()) {
            throw new BlsException("BLS signature " + HexFormat.of().formatHex(compressed) + " is outside the G2 subgroup");
        }
        return p;
    }
}

package dev.walrusstream.sui.keys;

import dev.walrusstream.codec.ids.SuiAddress;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.util.Arrays;
import java.util.Base64;

/**
 * A serialized Ed25519 user signature: flag {@code 0x00} ‖ 64-byte signature ‖ 32-byte public key
 * (97 bytes). Sent as raw bytes in {@code UserSignature.bcs.value} over gRPC, base64 in JSON.
 */
public final class SuiSignature {
    public static final int LENGTH = 97;

    private final byte[] signature;
    private final byte[] publicKey;

    public SuiSignature(byte[] signature, byte[] publicKey) {
        if (signature.length != 64) {
            throw new IllegalArgumentException("Ed25519 signature must be 64 bytes, got " + signature.length);
        }
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + publicKey.length);
        }
        this.signature = signature.clone();
        this.publicKey = publicKey.clone();
    }

    /** Parses the 97-byte form; other schemes are named in the error. */
    public static SuiSignature fromBytes(byte[] serialized) {
        if (serialized.length == 0) {
            throw new IllegalArgumentException("serialized signature is empty");
        }
        int flag = serialized[0] & 0xFF;
        if (flag != SignatureScheme.ED25519.flag()) {
            throw new IllegalArgumentException("serialized signature uses " + SignatureScheme.describe(flag)
                    + "; only Ed25519 (flag 0x00) is supported");
        }
        if (serialized.length != LENGTH) {
            throw new IllegalArgumentException("serialized Ed25519 signature must be 97 bytes, got "
                    + serialized.length);
        }
        return new SuiSignature(Arrays.copyOfRange(serialized, 1, 65), Arrays.copyOfRange(serialized, 65, 97));
    }

    public static SuiSignature fromBase64(String base64) {
        return fromBytes(Base64.getDecoder().decode(base64));
    }

    public byte[] signature() {
        return signature.clone();
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public SuiAddress signerAddress() {
        return SuiKeyPair.addressOf(publicKey);
    }

    public byte[] toBytes() {
        byte[] out = new byte[LENGTH];
        out[0] = (byte) SignatureScheme.ED25519.flag();
        System.arraycopy(signature, 0, out, 1, 64);
        System.arraycopy(publicKey, 0, out, 65, 32);
        return out;
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(toBytes());
    }

    /** Checks this signature over Blake2b-256(intent ‖ bcs) with the embedded public key. */
    public boolean verify(Intent intent, byte[] bcs) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        byte[] digest = intent.signingDigest(bcs);
        verifier.update(digest, 0, digest.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SuiSignature s && Arrays.equals(signature, s.signature) && Arrays.equals(publicKey, s.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature) * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "SuiSignature[" + toBase64() + "]";
    }
}

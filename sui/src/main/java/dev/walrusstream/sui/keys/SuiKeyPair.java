package dev.walrusstream.sui.keys;

import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.internal.Bech32;
import dev.walrusstream.sui.tx.TransactionData;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.security.SecureRandom;

/**
 * An Ed25519 Sui key pair: address = Blake2b-256(0x00 ‖ public key); transactions are signed over
 * Blake2b-256([0,0,0] ‖ BCS(TransactionData)). {@link #toString()} never shows the secret.
 */
public final class SuiKeyPair {
    /** Human-readable part of Sui's Bech32 private key form. */
    public static final String PRIVATE_KEY_HRP = "suiprivkey";

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final SuiAddress address;

    private SuiKeyPair(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
        this.address = addressOf(publicKey);
    }

    /** From the 32-byte Ed25519 seed (the private key Sui stores). */
    public static SuiKeyPair fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new KeyFormatException("Ed25519 private key must be 32 bytes, got " + seed.length);
        }
        return new SuiKeyPair(new Ed25519PrivateKeyParameters(seed, 0));
    }

    public static SuiKeyPair generate(SecureRandom random) {
        return new SuiKeyPair(new Ed25519PrivateKeyParameters(random));
    }

    /** Imports Sui's {@code suiprivkey1…} Bech32 form (flag 0x00 ‖ 32-byte seed). */
    public static SuiKeyPair fromSuiPrivateKey(String bech32) {
        if (bech32 == null || bech32.isBlank()) {
            throw new KeyFormatException("Sui private key is empty");
        }
        Bech32.Decoded decoded;
        try {
            decoded = Bech32.decode(bech32.trim());
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("not a valid suiprivkey string: " + e.getMessage());
        }
        if (!decoded.hrp().equals(PRIVATE_KEY_HRP)) {
            throw new KeyFormatException("Bech32 key has prefix '" + decoded.hrp() + "', expected '"
                    + PRIVATE_KEY_HRP + "'");
        }
        return fromFlaggedKey(decoded.data(), "suiprivkey string");
    }

    /** From flag ‖ key bytes, the layout of both the Bech32 form and keystore entries. */
    static SuiKeyPair fromFlaggedKey(byte[] flagged, String where) {
        if (flagged.length == 0) {
            throw new KeyFormatException(where + " holds no key bytes");
        }
        int flag = flagged[0] & 0xFF;
        if (flag != SignatureScheme.ED25519.flag()) {
            throw new KeyFormatException(where + " holds a " + SignatureScheme.describe(flag)
                    + " key; only Ed25519 (flag 0x00) keys are supported");
        }
        if (flagged.length != 33) {
            throw new KeyFormatException(where + " holds " + (flagged.length - 1)
                    + " key bytes after the flag, expected 32");
        }
        return fromSeed(java.util.Arrays.copyOfRange(flagged, 1, 33));
    }

    public static SuiAddress addressOf(byte[] ed25519PublicKey) {
        if (ed25519PublicKey.length != 32) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + ed25519PublicKey.length);
        }
        return SuiAddress.of(new Blake2b256().update((byte) SignatureScheme.ED25519.flag())
                .update(ed25519PublicKey).finish());
    }

    public SuiAddress address() {
        return address;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Plain Ed25519 over the given bytes (RFC 8032, deterministic). */
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Signs Blake2b-256(intent ‖ bcs). */
    public SuiSignature sign(Intent intent, byte[] bcs) {
        return new SuiSignature(sign(intent.signingDigest(bcs)), publicKey);
    }

    public SuiSignature signTransaction(byte[] transactionDataBcs) {
        return sign(Intent.TRANSACTION_DATA, transactionDataBcs);
    }

    public SuiSignature signTransaction(TransactionData tx) {
        return signTransaction(tx.toBcs());
    }

    /** Signs a personal message: intent [3,0,0] over the BCS {@code vector<u8>} of the message. */
    public SuiSignature signPersonalMessage(byte[] message) {
        return sign(Intent.PERSONAL_MESSAGE, new BcsWriter(message.length + 5).bytes(message).toByteArray());
    }

    /** Exports the {@code suiprivkey1…} form. Treat the result as a secret. */
    public String toSuiPrivateKey() {
        byte[] flagged = new byte[33];
        flagged[0] = (byte) SignatureScheme.ED25519.flag();
        System.arraycopy(privateKey.getEncoded(), 0, flagged, 1, 32);
        return Bech32.encode(PRIVATE_KEY_HRP, flagged);
    }

    @Override
    public String toString() {
        return "SuiKeyPair[ed25519 " + address + "]";
    }
}

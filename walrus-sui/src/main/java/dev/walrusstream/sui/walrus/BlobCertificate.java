package dev.walrusstream.sui.walrus;

import java.util.Arrays;

/**
 * The arguments of {@code certify_blob}: the 96-byte aggregate BLS12-381 (min_pk, G2) signature,
 * the signers bitmap and the confirmation message every signer signed.
 */
public final class BlobCertificate {
    public static final int SIGNATURE_LENGTH = 96;

    private final byte[] signature;
    private final byte[] signersBitmap;
    private final byte[] message;

    public BlobCertificate(byte[] signature, byte[] signersBitmap, byte[] message) {
        if (signature.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("aggregate BLS signature must be 96 bytes, got " + signature.length);
        }
        if (signersBitmap.length == 0) {
            throw new IllegalArgumentException("signers bitmap is empty");
        }
        if (message.length != 40 && message.length != 72) {
            throw new IllegalArgumentException("confirmation message must be 40 bytes (permanent) or 72 bytes "
                    + "(deletable), got " + message.length);
        }
        if (message[0] != 1 || message[1] != 0 || message[2] != 3) {
            throw new IllegalArgumentException(String.format("confirmation message intent is [%d, %d, %d], "
                    + "expected [1, 0, 3]", message[0], message[1], message[2]));
        }
        this.signature = signature.clone();
        this.signersBitmap = signersBitmap.clone();
        this.message = message.clone();
    }

    public BlobCertificate(byte[] signature, SignersBitmap signers, byte[] message) {
        this(signature, signers.bytes(), message);
    }

    public byte[] signature() {
        return signature.clone();
    }

    public byte[] signersBitmap() {
        return signersBitmap.clone();
    }

    public byte[] message() {
        return message.clone();
    }

    /** The committee epoch the message names (certify_blob requires the current epoch). */
    public long epoch() {
        return (message[3] & 0xFFL) | (message[4] & 0xFFL) << 8 | (message[5] & 0xFFL) << 16 | (message[6] & 0xFFL) << 24;
    }

    public byte[] blobId() {
        return Arrays.copyOfRange(message, 7, 39);
    }
}

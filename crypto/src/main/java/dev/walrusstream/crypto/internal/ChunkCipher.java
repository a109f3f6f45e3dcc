package dev.walrusstream.crypto.internal;

import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.EnvelopeHeader;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** AES-256-GCM over one chunk with the nonce and additional data the header prescribes. Not thread-safe. */
public final class ChunkCipher {
    private final EnvelopeHeader header;
    private final SecretKeySpec key;
    private final byte[] aad;
    private final Cipher cipher;

    public ChunkCipher(EnvelopeHeader header, byte[] dataKey) {
        if (dataKey == null || dataKey.length != 32) {
            throw new IllegalArgumentException("data key must be 32 bytes (AES-256), got "
                    + (dataKey == null ? "null" : dataKey.length));
        }
        this.header = header;
        this.key = new SecretKeySpec(dataKey, "AES");
        this.aad = header.aad();
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding missing from the JDK", e);
        }
    }

    /** Seals {@code plaintext[off, off+len)} as chunk {@code index}: ciphertext followed by the tag. */
    public byte[] seal(long index, boolean last, byte[] plaintext, int off, int len) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, header.nonce(index, last)));
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext, off, len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to seal chunk " + index + ": " + e.getMessage(), e);
        }
    }

    /** Seals into {@code out} at {@code outOff} (len + 16 bytes), without an intermediate array. */
    public int sealInto(long index, boolean last, byte[] plaintext, int off, int len, byte[] out, int outOff) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, header.nonce(index, last)));
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext, off, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to seal chunk " + index + ": " + e.getMessage(), e);
        }
    }

    /** Opens chunk {@code index} into {@code out} at {@code outOff}; nothing is written unless its tag verifies. */
    public int openInto(long index, boolean last, byte[] sealed, int off, int len, byte[] out, int outOff)
            throws EncryptionException.Tampered {
        if (len < EnvelopeHeader.TAG_BYTES) {
            throw new EncryptionException.Tampered(index, "chunk " + index + " is " + len
                    + " bytes, shorter than its tag: truncated", null);
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, header.nonce(index, last)));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, off, len, out, outOff);
        } catch (AEADBadTagException e) {
            throw new EncryptionException.Tampered(index, "chunk " + index + (last ? " (last)" : "")
                    + " failed authentication: the encrypted blob was altered, truncated, reordered or spliced", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to open chunk " + index + ": " + e.getMessage(), e);
        }
    }

    /** Opens chunk {@code index}; nothing is returned unless its tag verifies. */
    public byte[] open(long index, boolean last, byte[] sealed, int off, int len) throws EncryptionException.Tampered {
        if (len < EnvelopeHeader.TAG_BYTES) {
            throw new EncryptionException.Tampered(index, "chunk " + index + " is " + len
                    + " bytes, shorter than its tag: truncated", null);
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, header.nonce(index, last)));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, off, len);
        } catch (AEADBadTagException e) {
            throw new EncryptionException.Tampered(index, "chunk " + index + (last ? " (last)" : "")
                    + " failed authentication: the encrypted blob was altered, truncated, reordered or spliced", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to open chunk " + index + ": " + e.getMessage(), e);
        }
    }
}

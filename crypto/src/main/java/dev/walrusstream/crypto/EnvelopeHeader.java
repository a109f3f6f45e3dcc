package dev.walrusstream.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The versioned header of an encrypted blob (docs/encryption.md has the byte layout):
 * <pre>
 *  0  4  magic "WSE1"
 *  4  1  version (1)
 *  5  1  cipher suite (1 = AES-256-GCM, 16-byte tag)
 *  6  1  key wrap (1 = AES key wrap RFC 3394; 2..255 = a KMS's own)
 *  7  1  log2 of the plaintext chunk size (10..24)
 *  8  7  nonce prefix (random per upload)
 * 15  2  key ID length k (big-endian)
 * 17  k  key ID (UTF-8)
 *  .  2  wrapped data key length w (big-endian)
 *  .  w  wrapped data key
 * </pre>
 * Chunks follow. Chunk {@code i} is {@code ciphertext || tag}; its 12-byte nonce is
 * {@code prefix(7) || i (u32 BE) || last (1 or 0)} and its additional data is SHA-256 of the header.
 */
public record EnvelopeHeader(int chunkSizeLog2, byte[] noncePrefix, WrappedKey wrappedKey) {
    public static final byte[] MAGIC = {'W', 'S', 'E', '1'};
    public static final int VERSION = 1;
    public static final int SUITE_AES_256_GCM = 1;
    public static final int WRAP_AES_KW = 1;
    public static final int TAG_BYTES = 16;
    public static final int NONCE_PREFIX_BYTES = 7;
    public static final int MIN_CHUNK_LOG2 = 10;
    public static final int MAX_CHUNK_LOG2 = 24;
    public static final int DEFAULT_CHUNK_LOG2 = 16;

    public EnvelopeHeader {
        if (chunkSizeLog2 < MIN_CHUNK_LOG2 || chunkSizeLog2 > MAX_CHUNK_LOG2) {
            throw new IllegalArgumentException("chunk size log2 must be " + MIN_CHUNK_LOG2 + ".." + MAX_CHUNK_LOG2
                    + ", got " + chunkSizeLog2);
        }
        if (noncePrefix == null || noncePrefix.length != NONCE_PREFIX_BYTES) {
            throw new IllegalArgumentException("nonce prefix must be " + NONCE_PREFIX_BYTES + " bytes, got "
                    + (noncePrefix == null ? "null" : noncePrefix.length));
        }
        if (wrappedKey == null) {
            throw new IllegalArgumentException("header needs the wrapped data key");
        }
        noncePrefix = noncePrefix.clone();
    }

    public int chunkSize() {
        return 1 << chunkSizeLog2;
    }

    @Override
    public byte[] noncePrefix() {
        return noncePrefix.clone();
    }

    /** The header's bytes. */
    public byte[] encode() {
        byte[] id = wrappedKey.keyId().getBytes(StandardCharsets.UTF_8);
        byte[] wrapped = wrappedKey.bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(19 + id.length + wrapped.length);
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.write(SUITE_AES_256_GCM);
        out.write(wrappedKey.algorithm());
        out.write(chunkSizeLog2);
        out.writeBytes(noncePrefix);
        out.write(id.length >>> 8);
        out.write(id.length);
        out.writeBytes(id);
        out.write(wrapped.length >>> 8);
        out.write(wrapped.length);
        out.writeBytes(wrapped);
        return out.toByteArray();
    }

    public int length() {
        return 19 + wrappedKey.keyId().getBytes(StandardCharsets.UTF_8).length + wrappedKey.bytes().length;
    }

    /** The additional authenticated data of every chunk: SHA-256 of the header bytes. */
    public byte[] aad() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encode());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** The nonce of chunk {@code index}. */
    public byte[] nonce(long index, boolean last) {
        if (index < 0 || index > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("chunk index must be a u32, got " + index);
        }
        byte[] n = Arrays.copyOf(noncePrefix, 12);
        n[7] = (byte) (index >>> 24);
        n[8] = (byte) (index >>> 16);
        n[9] = (byte) (index >>> 8);
        n[10] = (byte) index;
        n[11] = (byte) (last ? 1 : 0);
        return n;
    }

    /** Whether {@code start} begins like an envelope (the magic), so readers can tell encrypted blobs apart. */
    public static boolean looksEncrypted(byte[] start) {
        return start != null && start.length >= MAGIC.length && Arrays.equals(start, 0, MAGIC.length, MAGIC, 0,
                MAGIC.length);
    }

    /** Parses a header from the front of {@code bytes}. */
    public static EnvelopeHeader parse(byte[] bytes) throws EncryptionException {
        return read(new java.io.ByteArrayInputStream(bytes));
    }

    /** Reads exactly one header from {@code in}. */
    public static EnvelopeHeader read(InputStream in) throws EncryptionException {
        DataInputStream d = new DataInputStream(in);
        try {
            byte[] magic = new byte[4];
            d.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new EncryptionException.BadFormat("not an encrypted blob: magic is "
                        + java.util.HexFormat.of().formatHex(magic) + ", expected 'WSE1'");
            }
            int version = d.readUnsignedByte();
            if (version != VERSION) {
                throw new EncryptionException.BadFormat("encrypted blob format version " + version
                        + " is not supported (this reader knows version " + VERSION + ")");
            }
            int suite = d.readUnsignedByte();
            if (suite != SUITE_AES_256_GCM) {
                throw new EncryptionException.BadFormat("cipher suite " + suite + " is not supported (1 = AES-256-GCM)");
            }
            int wrap = d.readUnsignedByte();
            int log2 = d.readUnsignedByte();
            if (log2 < MIN_CHUNK_LOG2 || log2 > MAX_CHUNK_LOG2) {
                throw new EncryptionException.BadFormat("chunk size log2 " + log2 + " is outside "
                        + MIN_CHUNK_LOG2 + ".." + MAX_CHUNK_LOG2);
            }
            byte[] prefix = new byte[NONCE_PREFIX_BYTES];
            d.readFully(prefix);
            int idLength = d.readUnsignedShort();
            if (idLength == 0 || idLength > 1024) {
                throw new EncryptionException.BadFormat("key ID length " + idLength + " is outside 1..1024");
            }
            byte[] id = new byte[idLength];
            d.readFully(id);
            int wrappedLength = d.readUnsignedShort();
            if (wrappedLength == 0) {
                throw new EncryptionException.BadFormat("wrapped data key is empty");
            }
            byte[] wrapped = new byte[wrappedLength];
            d.readFully(wrapped);
            return new EnvelopeHeader(log2, prefix, new WrappedKey(new String(id, StandardCharsets.UTF_8), wrap,
                    wrapped));
        } catch (EOFException e) {
            throw new EncryptionException.BadFormat("encrypted blob header is cut short");
        } catch (IOException e) {
            if (e instanceof EncryptionException x) {
                throw x;
            }
            throw new EncryptionException.BadFormat("encrypted blob header unreadable: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnvelopeHeader h && h.chunkSizeLog2 == chunkSizeLog2
                && Arrays.equals(h.noncePrefix, noncePrefix) && h.wrappedKey.equals(wrappedKey);
    }

    @Override
    public int hashCode() {
        return wrappedKey.hashCode() * 31 + chunkSizeLog2;
    }
}

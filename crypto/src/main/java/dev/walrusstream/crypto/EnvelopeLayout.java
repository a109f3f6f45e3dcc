package dev.walrusstream.crypto;

/**
 * Where plaintext bytes sit in an envelope: {@code n = max(1, ceil(P / C))} chunks of {@code C}
 * plaintext bytes (the last one shorter, possibly empty when {@code P = 0}), each followed by a
 * 16-byte tag, after a header of {@code H} bytes. The plaintext length is not stored: it follows
 * from the envelope's length, so an encryptor can stream without knowing it.
 */
public record EnvelopeLayout(int headerLength, int chunkSize) {
    public static final int TAG = EnvelopeHeader.TAG_BYTES;

    public EnvelopeLayout {
        if (headerLength < 19 || chunkSize < 1) {
            throw new IllegalArgumentException("layout needs header length >= 19 and chunk size >= 1, got "
                    + headerLength + " and " + chunkSize);
        }
    }

    public static EnvelopeLayout of(EnvelopeHeader header) {
        return new EnvelopeLayout(header.length(), header.chunkSize());
    }

    /** Ciphertext bytes of a full chunk (plaintext plus tag). */
    public long sealedChunk() {
        return (long) chunkSize + TAG;
    }

    public long chunks(long plaintextLength) {
        return Math.max(1, (plaintextLength + chunkSize - 1) / chunkSize);
    }

    /** Length of the whole envelope for a plaintext of {@code plaintextLength} bytes. */
    public long envelopeLength(long plaintextLength) {
        if (plaintextLength < 0) {
            throw new IllegalArgumentException("plaintext length must be >= 0, got " + plaintextLength);
        }
        return headerLength + plaintextLength + chunks(plaintextLength) * TAG;
    }

    /** The plaintext length an envelope of {@code envelopeLength} bytes holds; throws when no plaintext gives it. */
    public long plaintextLength(long envelopeLength) throws EncryptionException.Tampered {
        long body = envelopeLength - headerLength;
        if (body < TAG) {
            throw new EncryptionException.Tampered(-1, "encrypted blob of " + envelopeLength + " bytes is too short "
                    + "for its " + headerLength + "-byte header and one tag: truncated", null);
        }
        long n = (body + sealedChunk() - 1) / sealedChunk();
        long last = body - (n - 1) * sealedChunk();
        if (n > 1 && last <= TAG) {
            throw new EncryptionException.Tampered(n - 1, "encrypted blob of " + envelopeLength + " bytes ends with a "
                    + last + "-byte chunk, shorter than a tag plus one byte: truncated or extended", null);
        }
        if (n > 0x1_0000_0000L) {
            throw new EncryptionException.Tampered(-1, "encrypted blob has " + n + " chunks, more than 2^32", null);
        }
        return body - n * TAG;
    }

    /** Offset of chunk {@code index} in the envelope. */
    public long chunkOffset(long index) {
        return headerLength + index * sealedChunk();
    }

    /** Sealed length of chunk {@code index} in an envelope holding {@code plaintextLength} bytes. */
    public int sealedLength(long index, long plaintextLength) {
        long start = index * chunkSize;
        return (int) (Math.min(chunkSize, plaintextLength - start) + TAG);
    }

    /** The chunk holding plaintext byte {@code offset}. */
    public long chunkOf(long offset) {
        return offset / chunkSize;
    }
}

package dev.walrusstream.crypto;

import dev.walrusstream.crypto.internal.ChunkCipher;

import java.io.IOException;

/**
 * An envelope whose header was read and whose data key was unwrapped once, for any number of
 * plaintext range reads: each {@link #read(long, long)} fetches, in one read of the source, the
 * ciphertext of exactly the chunks the range touches, verifies every one of them and trims. A server
 * answering many ranges of one blob keeps this instead of unwrapping the key per request.
 * Thread-safe (each read uses its own cipher).
 */
public final class OpenEnvelope {
    private final CiphertextSource source;
    private final EnvelopeHeader header;
    private final EnvelopeLayout layout;
    private final long plaintextLength;
    private final byte[] dataKey;

    OpenEnvelope(CiphertextSource source, EnvelopeHeader header, long plaintextLength, byte[] dataKey) {
        this.source = source;
        this.header = header;
        this.layout = EnvelopeLayout.of(header);
        this.plaintextLength = plaintextLength;
        this.dataKey = dataKey;
    }

    public EnvelopeHeader header() {
        return header;
    }

    public String keyId() {
        return header.wrappedKey().keyId();
    }

    public long plaintextLength() {
        return plaintextLength;
    }

    public EnvelopeLayout layout() {
        return layout;
    }

    /** The envelope bytes {@code [start, end)} that hold plaintext {@code [from, to)}: whole chunks. */
    public long[] ciphertextSpan(long from, long to) {
        check(from, to);
        if (from == to) {
            return new long[] {layout.chunkOffset(layout.chunkOf(from)), layout.chunkOffset(layout.chunkOf(from))};
        }
        long first = layout.chunkOf(from);
        long last = layout.chunkOf(to - 1);
        return new long[] {layout.chunkOffset(first), layout.chunkOffset(last) + layout.sealedLength(last, plaintextLength)};
    }

    /**
     * Plaintext bytes {@code [from, to)}: the sealed chunks {@code from / C} .. {@code (to - 1) / C} are
     * read from the source in one read, each verified (nothing is returned unless all verify), then trimmed.
     */
    public byte[] read(long from, long to) throws IOException {
        check(from, to);
        if (from == to) {
            return new byte[0];
        }
        long first = layout.chunkOf(from);
        long last = layout.chunkOf(to - 1);
        long[] span = ciphertextSpan(from, to);
        byte[] sealed = source.read(span[0], Math.toIntExact(span[1] - span[0]));
        ChunkCipher cipher = new ChunkCipher(header, dataKey);
        long chunks = layout.chunks(plaintextLength);
        byte[] out = new byte[Math.toIntExact(to - from)];
        int at = 0;
        for (long i = first; i <= last; i++) {
            int offset = (int) (layout.chunkOffset(i) - span[0]);
            byte[] opened = cipher.open(i, i == chunks - 1, sealed, offset, layout.sealedLength(i, plaintextLength));
            long chunkStart = i * layout.chunkSize();
            int start = (int) (Math.max(from, chunkStart) - chunkStart);
            int end = (int) (Math.min(to, chunkStart + opened.length) - chunkStart);
            System.arraycopy(opened, start, out, at, end - start);
            at += end - start;
        }
        return out;
    }

    private void check(long from, long to) {
        if (from < 0 || to < from || to > plaintextLength) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is outside the plaintext of "
                    + plaintextLength + " bytes (key ID '" + keyId() + "')");
        }
    }
}

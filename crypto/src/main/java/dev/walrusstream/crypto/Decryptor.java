package dev.walrusstream.crypto;

import dev.walrusstream.crypto.internal.ChunkCipher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Opens envelopes with the data key unwrapped by a {@link KeySource}: whole, as a stream that
 * verifies each chunk before releasing its bytes, or by plaintext byte range over a
 * {@link CiphertextSource} (only the chunks the range touches are read). Every failure is an
 * {@link EncryptionException}: the key is refused naming its ID, tampering names the chunk.
 */
public final class Decryptor {
    private final KeySource keys;

    public Decryptor(KeySource keys) {
        if (keys == null) {
            throw new IllegalArgumentException("a decryptor needs a key source");
        }
        this.keys = keys;
    }

    /** The whole plaintext of {@code envelope}, each chunk verified and opened straight into one array. */
    public byte[] decrypt(byte[] envelope) throws EncryptionException {
        EnvelopeHeader header = EnvelopeHeader.parse(envelope);
        EnvelopeLayout layout = EnvelopeLayout.of(header);
        long plaintext = layout.plaintextLength(envelope.length);
        ChunkCipher cipher = new ChunkCipher(header, unwrap(header));
        byte[] out = new byte[(int) plaintext];
        long chunks = layout.chunks(plaintext);
        int at = 0;
        for (long i = 0; i < chunks; i++) {
            int sealed = layout.sealedLength(i, plaintext);
            at += cipher.openInto(i, i == chunks - 1, envelope, (int) layout.chunkOffset(i), sealed, out, at);
        }
        return out;
    }

    /**
     * The plaintext of the envelope {@code ciphertext} streams. The header is read and the data key
     * unwrapped now (so a wrong key fails here); chunks are verified as they are read. Memory: one chunk.
     */
    public InputStream decrypting(InputStream ciphertext) throws EncryptionException {
        EnvelopeHeader header = EnvelopeHeader.read(ciphertext);
        return new Opener(ciphertext, header, new ChunkCipher(header, unwrap(header)));
    }

    /** The header and plaintext length of the envelope in {@code source}. */
    public static Info info(CiphertextSource source) throws IOException {
        EnvelopeHeader header = readHeader(source);
        long plaintext = EnvelopeLayout.of(header).plaintextLength(source.length());
        return new Info(header, plaintext);
    }

    /**
     * Reads the header of the envelope in {@code source} and unwraps its data key once (a wrong key
     * fails here, naming the key ID), for any number of range reads that each fetch only their chunks.
     */
    public OpenEnvelope open(CiphertextSource source) throws IOException {
        EnvelopeHeader header = readHeader(source);
        long plaintext = EnvelopeLayout.of(header).plaintextLength(source.length());
        return new OpenEnvelope(source, header, plaintext, unwrap(header));
    }

    /** An envelope's header and the plaintext length its size implies. */
    public record Info(EnvelopeHeader header, long plaintextLength) {
    }

    /**
     * The plaintext bytes {@code [from, to)} of the envelope in {@code source}, streamed: chunk
     * {@code from / C} through {@code (to - 1) / C} are read, verified and trimmed, one at a time.
     */
    public InputStream range(CiphertextSource source, long from, long to) throws IOException {
        EnvelopeHeader header = readHeader(source);
        EnvelopeLayout layout = EnvelopeLayout.of(header);
        long plaintext = layout.plaintextLength(source.length());
        if (from < 0 || to < from || to > plaintext) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is outside the plaintext of "
                    + plaintext + " bytes");
        }
        ChunkCipher cipher = new ChunkCipher(header, unwrap(header));
        long chunks = layout.chunks(plaintext);
        return new InputStream() {
            private long position = from;
            private byte[] current = new byte[0];
            private int at;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (at == current.length) {
                    if (position >= to) {
                        return -1;
                    }
                    long index = layout.chunkOf(position);
                    byte[] sealed = source.read(layout.chunkOffset(index), layout.sealedLength(index, plaintext));
                    byte[] opened = cipher.open(index, index == chunks - 1, sealed, 0, sealed.length);
                    long chunkStart = index * layout.chunkSize();
                    int start = (int) (position - chunkStart);
                    int end = (int) Math.min(opened.length, to - chunkStart);
                    current = Arrays.copyOfRange(opened, start, end);
                    at = 0;
                    position = chunkStart + end;
                }
                int n = Math.min(len, current.length - at);
                System.arraycopy(current, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /** {@link #range(CiphertextSource, long, long)}, whole into memory. */
    public byte[] rangeBytes(CiphertextSource source, long from, long to) throws IOException {
        try (InputStream in = range(source, from, to)) {
            return in.readAllBytes();
        }
    }

    private byte[] unwrap(EnvelopeHeader header) throws EncryptionException {
        byte[] key = keys.unwrap(header.wrappedKey());
        if (key == null || key.length != 32) {
            throw new EncryptionException.KeyRefused(header.wrappedKey().keyId(), "key source unwrapped a "
                    + (key == null ? "null" : key.length + "-byte") + " data key for key ID '"
                    + header.wrappedKey().keyId() + "', expected 32 bytes", null);
        }
        return key;
    }

    static EnvelopeHeader readHeader(CiphertextSource source) throws IOException {
        long length = source.length();
        if (length < 19) {
            throw new EncryptionException.BadFormat("blob of " + length + " bytes is too short to be encrypted");
        }
        byte[] fixed = source.read(0, 17);
        int idLength = ((fixed[15] & 0xFF) << 8) | (fixed[16] & 0xFF);
        if (17L + idLength + 2 > length) {
            return EnvelopeHeader.parse(fixed);
        }
        byte[] upToWrapped = source.read(0, 17 + idLength + 2);
        int wrapped = ((upToWrapped[17 + idLength] & 0xFF) << 8) | (upToWrapped[18 + idLength] & 0xFF);
        int total = (int) Math.min(length, 19L + idLength + wrapped);
        return EnvelopeHeader.parse(source.read(0, total));
    }

    /** Reads sealed chunks with one byte of look-ahead, so the last chunk is known without the length. */
    private static final class Opener extends InputStream {
        private final InputStream in;
        private final ChunkCipher cipher;
        private final byte[] sealed;
        private int pending = -1;
        private long index;
        private boolean finished;
        private byte[] current = new byte[0];
        private int at;

        Opener(InputStream in, EnvelopeHeader header, ChunkCipher cipher) {
            this.in = in;
            this.cipher = cipher;
            this.sealed = new byte[header.chunkSize() + EnvelopeHeader.TAG_BYTES];
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (at == current.length) {
                if (finished) {
                    return -1;
                }
                nextChunk();
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            return n;
        }

        private void nextChunk() throws IOException {
            int filled = 0;
            if (pending >= 0) {
                sealed[filled++] = (byte) pending;
                pending = -1;
            }
            filled += in.readNBytes(sealed, filled, sealed.length - filled);
            boolean last;
            if (filled < sealed.length) {
                last = true;
            } else {
                pending = in.read();
                last = pending < 0;
            }
            if (filled == 0 && index > 0) {
                throw new EncryptionException.Tampered(index, "encrypted blob ends after chunk " + (index - 1)
                        + " without a last chunk: truncated", null);
            }
            current = cipher.open(index, last, sealed, 0, filled);
            at = 0;
            index++;
            finished = last;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

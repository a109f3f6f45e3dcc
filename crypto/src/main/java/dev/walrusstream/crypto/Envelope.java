package dev.walrusstream.crypto;

import dev.walrusstream.crypto.internal.ChunkCipher;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One upload's encryption: a fresh 256-bit data key wrapped by the key source, a fresh nonce prefix
 * and the header they make. Encrypt once, with {@link #encrypt(byte[])} or
 * {@link #encryptingStream(OutputStream)}: a data key and nonce prefix must never seal two plaintexts.
 */
public final class Envelope {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EnvelopeHeader header;
    private final byte[] dataKey;
    private boolean used;

    private Envelope(EnvelopeHeader header, byte[] dataKey) {
        this.header = header;
        this.dataKey = dataKey;
    }

    /** A new envelope with the default chunk size (64 KiB). */
    public static Envelope create(KeySource keys) throws EncryptionException {
        return create(keys, EnvelopeHeader.DEFAULT_CHUNK_LOG2);
    }

    /** A new envelope with chunks of {@code 2^chunkSizeLog2} plaintext bytes. */
    public static Envelope create(KeySource keys, int chunkSizeLog2) throws EncryptionException {
        byte[] dataKey = new byte[32];
        byte[] prefix = new byte[EnvelopeHeader.NONCE_PREFIX_BYTES];
        RANDOM.nextBytes(dataKey);
        RANDOM.nextBytes(prefix);
        return withFixedKeyAndNonce(keys, dataKey, prefix, chunkSizeLog2);
    }

    /**
     * An envelope whose data key and nonce prefix are derived from the key source's derivation secret
     * and {@code context} (HMAC-SHA256 over a label and the context): the same blob of the same
     * upload always makes the same envelope and blob ID, so a pipeline that replays a blob after a
     * failure finds it already stored instead of paying for a second one. {@code context} must name
     * the blob uniquely and include a digest of its plaintext (the sink uses upload, segment and
     * SHA-256), so a key and nonce never seal two different plaintexts. Sources without a derivation
     * secret (a KMS) get a random envelope.
     */
    public static Envelope derived(KeySource keys, byte[] context, int chunkSizeLog2) throws EncryptionException {
        java.util.Optional<byte[]> secret = keys.derivationSecret();
        if (secret.isEmpty()) {
            return create(keys, chunkSizeLog2);
        }
        byte[] dataKey = hmac(secret.get(), "walrus-stream/data-key/v1", context);
        byte[] prefix = Arrays.copyOf(hmac(secret.get(), "walrus-stream/nonce-prefix/v1", context),
                EnvelopeHeader.NONCE_PREFIX_BYTES);
        return withFixedKeyAndNonce(keys, dataKey, prefix, chunkSizeLog2);
    }

    private static byte[] hmac(byte[] key, String label, byte[] context) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            mac.update(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            return mac.doFinal(context);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    /**
     * An envelope with a given data key and nonce prefix. For known-answer tests only: reusing a data
     * key and prefix for two plaintexts breaks GCM.
     */
    public static Envelope withFixedKeyAndNonce(KeySource keys, byte[] dataKey, byte[] noncePrefix, int chunkSizeLog2)
            throws EncryptionException {
        if (dataKey == null || dataKey.length != 32) {
            throw new IllegalArgumentException("data key must be 32 bytes, got "
                    + (dataKey == null ? "null" : dataKey.length));
        }
        WrappedKey wrapped = keys.wrap(dataKey);
        return new Envelope(new EnvelopeHeader(chunkSizeLog2, noncePrefix, wrapped), dataKey.clone());
    }

    public EnvelopeHeader header() {
        return header;
    }

    /** The wrapped data key and key ID, for the receipt and the manifest. */
    public WrappedKey wrappedKey() {
        return header.wrappedKey();
    }

    /** The envelope of {@code plaintext}, whole, sealed chunk by chunk straight into one array. */
    public byte[] encrypt(byte[] plaintext) {
        EnvelopeLayout layout = EnvelopeLayout.of(header);
        long size = layout.envelopeLength(plaintext.length);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("plaintext of " + plaintext.length + " bytes is too large to encrypt "
                    + "into one array; use encryptingStream");
        }
        claim();
        byte[] out = new byte[(int) size];
        byte[] h = header.encode();
        System.arraycopy(h, 0, out, 0, h.length);
        ChunkCipher cipher = new ChunkCipher(header, dataKey);
        long chunks = layout.chunks(plaintext.length);
        int at = h.length;
        for (long i = 0; i < chunks; i++) {
            int from = (int) (i * layout.chunkSize());
            int len = Math.min(layout.chunkSize(), plaintext.length - from);
            at += cipher.sealInto(i, i == chunks - 1, plaintext, from, len, out, at);
        }
        return out;
    }

    private synchronized void claim() {
        if (used) {
            throw new IllegalStateException("this envelope already encrypted a plaintext; create a new one "
                    + "(a data key and nonce must never seal two plaintexts)");
        }
        used = true;
    }

    /**
     * A stream that writes the header, then one sealed chunk per {@code chunkSize} plaintext bytes;
     * closing it seals the last chunk and closes {@code out}. Holds one chunk in memory.
     */
    public OutputStream encryptingStream(OutputStream out) {
        claim();
        return new Sealer(out);
    }

    private final class Sealer extends OutputStream {
        private final OutputStream out;
        private final ChunkCipher cipher = new ChunkCipher(header, dataKey);
        private final byte[] chunk = new byte[header.chunkSize()];
        private int filled;
        private long index;
        private boolean headerWritten;
        private boolean closed;

        Sealer(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("encrypting stream is closed");
            }
            writeHeader();
            while (len > 0) {
                if (filled == chunk.length) {
                    out.write(cipher.seal(index++, false, chunk, 0, filled));
                    filled = 0;
                }
                int n = Math.min(len, chunk.length - filled);
                System.arraycopy(b, off, chunk, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void writeHeader() throws IOException {
            if (!headerWritten) {
                out.write(header.encode());
                headerWritten = true;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            writeHeader();
            out.write(cipher.seal(index, true, chunk, 0, filled));
            Arrays.fill(chunk, (byte) 0);
            closed = true;
            out.close();
        }
    }
}

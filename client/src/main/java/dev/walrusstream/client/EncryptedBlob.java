package dev.walrusstream.client;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.crypto.CiphertextSource;
import dev.walrusstream.crypto.Decryptor;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.EnvelopeHeader;
import dev.walrusstream.crypto.OpenEnvelope;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An encrypted blob opened for plaintext range reads over the client's range reads: its header is read
 * once (the first {@value #PREFIX} bytes, one systematic row) and its data key unwrapped once; each
 * {@link #read(long, long)} then fetches only the rows holding the ciphertext of the chunks the range
 * touches (one ranged read), verifies every chunk and trims. A range read moves about the range plus
 * two chunks plus whole rows, never the whole blob (unless a row cannot be had and the client falls
 * back to a full decode).
 */
public final class EncryptedBlob {
    /** Bytes fetched to read a header: a fingerprint or alias key ID and an RFC 3394 wrapped key fit easily. */
    static final int PREFIX = 2048;

    private final StorageClient.OpenBlob blob;
    private final OpenEnvelope envelope;

    private EncryptedBlob(StorageClient.OpenBlob blob, OpenEnvelope envelope) {
        this.blob = blob;
        this.envelope = envelope;
    }

    /**
     * The envelope header of {@code blob} when its first bytes are an envelope, else empty (a clear blob).
     * Reads only the first row. A blob that starts with the magic but whose header is broken is
     * {@link EncryptionException.BadFormat}.
     */
    public static Optional<EnvelopeHeader> header(StorageClient.OpenBlob blob) throws ReadException,
            InterruptedException, EncryptionException {
        byte[] start = blob.read(0, Math.min(PREFIX, blob.size())).data();
        if (!EnvelopeHeader.looksEncrypted(start)) {
            return Optional.empty();
        }
        if (start.length < PREFIX) {
            return Optional.of(EnvelopeHeader.parse(start));
        }
        return Optional.of(unwrapping(() -> Decryptor.info(new Source(blob, start)).header()));
    }

    /** Opens {@code blob}: reads its header, unwraps its data key (a wrong key fails here, naming the key ID). */
    public static EncryptedBlob open(StorageClient.OpenBlob blob, Decryptor decryptor) throws ReadException,
            InterruptedException, EncryptionException {
        byte[] start = blob.read(0, Math.min(PREFIX, blob.size())).data();
        if (!EnvelopeHeader.looksEncrypted(start)) {
            throw new EncryptionException.BadFormat("blob " + blob.id() + " is not encrypted (it does not begin with "
                    + "the 'WSE1' envelope header); read it without a key");
        }
        Source source = new Source(blob, start);
        return new EncryptedBlob(blob, unwrapping(() -> decryptor.open(source)));
    }

    public BlobId id() {
        return blob.id();
    }

    /** The envelope's length: the blob's size as stored. */
    public long envelopeLength() {
        return blob.size();
    }

    public long plaintextLength() {
        return envelope.plaintextLength();
    }

    public String keyId() {
        return envelope.keyId();
    }

    public OpenEnvelope envelope() {
        return envelope;
    }

    /** Plaintext bytes {@code [from, to)}, only the touched chunks fetched and verified. */
    public byte[] read(long from, long to) throws ReadException, InterruptedException, EncryptionException {
        return unwrapping(() -> envelope.read(from, to));
    }

    @FunctionalInterface
    private interface Io<T> {
        T run() throws IOException;
    }

    /** Runs an envelope operation whose source reads the blob, giving back the read's own failures. */
    private static <T> T unwrapping(Io<T> io) throws ReadException, InterruptedException, EncryptionException {
        try {
            return io.run();
        } catch (Failed f) {
            throw f.read;
        } catch (InterruptedIOException e) {
            Thread.interrupted();
            throw new InterruptedException(e.getMessage());
        } catch (EncryptionException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The blob as a ciphertext source: the first bytes kept, the rest by range reads. */
    private static final class Source implements CiphertextSource {
        private final StorageClient.OpenBlob blob;
        private final byte[] start;

        Source(StorageClient.OpenBlob blob, byte[] start) {
            this.blob = blob;
            this.start = start;
        }

        @Override
        public long length() {
            return blob.size();
        }

        @Override
        public byte[] read(long offset, int length) throws IOException {
            if (offset + length <= start.length) {
                return Arrays.copyOfRange(start, (int) offset, (int) offset + length);
            }
            try {
                byte[] data = blob.read(offset, length).data();
                if (data.length != length) {
                    throw new EncryptionException.Tampered(-1, "blob " + blob.id() + " ends at " + (offset + data.length)
                            + ", before the " + length + " bytes wanted at " + offset, null);
                }
                return data;
            } catch (ReadException e) {
                throw new Failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted reading blob " + blob.id());
            }
        }
    }

    /** A blob read failure carried through the crypto module's IOException signatures. */
    private static final class Failed extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient ReadException read;

        Failed(ReadException read) {
            super(read.getMessage(), read);
            this.read = read;
        }
    }
}

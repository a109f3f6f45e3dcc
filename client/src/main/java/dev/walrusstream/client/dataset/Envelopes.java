package dev.walrusstream.client.dataset;

import dev.walrusstream.client.EncryptedBlob;
import dev.walrusstream.client.EncryptedReads;
import dev.walrusstream.client.ReadException;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltPatch;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.crypto.Decryptor;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.EnvelopeHeader;
import dev.walrusstream.crypto.KeySource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link DatasetReader} knows of client-side encrypted blobs (docs/encryption.md): which
 * blobs are envelopes (their header, read from the first row and remembered), encrypted blobs opened
 * for ranges (header read and data key unwrapped once), and the plaintext of the last two encrypted
 * quilts. Without a key source, or with one whose key does not unwrap, an envelope is an
 * {@link EncryptionException.KeyRefused} naming its key ID. Thread-safe.
 */
final class Envelopes {
    /** Looks a blob up for range reads (the reader's remembered lookups). */
    @FunctionalInterface
    interface Opener {
        StorageClient.OpenBlob open(BlobId id) throws ReadException, InterruptedException;
    }

    private final StorageClient client;
    private final Opener opener;
    private final Decryptor decryptor;
    private final Map<BlobId, Optional<EnvelopeHeader>> headers = lru(4096);
    private final Map<BlobId, EncryptedBlob> opened = lru(1024);
    private final Map<BlobId, byte[]> quilts = lru(2);

    Envelopes(StorageClient client, Opener opener, KeySource keys) {
        this.client = client;
        this.opener = opener;
        this.decryptor = keys == null ? null : new Decryptor(keys);
    }

    boolean decrypts() {
        return decryptor != null;
    }

    /** The envelope header of blob {@code id} when it is encrypted, else empty; one row read, remembered. */
    Optional<EnvelopeHeader> header(BlobId id) throws ReadException, InterruptedException, EncryptionException {
        Optional<EnvelopeHeader> h = headers.get(id);
        if (h == null) {
            h = EncryptedBlob.header(opener.open(id));
            headers.put(id, h);
        }
        return h;
    }

    /** Encrypted blob {@code id} opened for plaintext ranges (remembered). */
    EncryptedBlob forRanges(BlobId id) throws ReadException, InterruptedException, EncryptionException {
        EncryptedBlob e = opened.get(id);
        if (e == null) {
            if (decryptor == null) {
                throw refusal(id, header(id).map(h -> h.wrappedKey().keyId()).orElse("?"));
            }
            e = EncryptedBlob.open(opener.open(id), decryptor);
            opened.put(id, e);
        }
        return e;
    }

    /**
     * The plaintext of blob bytes: opened when they are an envelope, else as they are. A non-null
     * {@code encryptedWith} (the manifest's key ID, or "" when only the header said so) means they must
     * be an envelope: a clear blob in its place is inconsistent, never served as the plaintext.
     */
    byte[] plaintext(BlobId id, byte[] blob, String encryptedWith) throws ReadException, EncryptionException {
        if (!EncryptedReads.isEncrypted(blob)) {
            if (encryptedWith != null) {
                throw new ReadException(id, ReadException.Reason.INCONSISTENT, "blob " + id + " is not an encrypted "
                        + "envelope, but the manifest says it is encrypted" + (encryptedWith.isEmpty() ? ""
                        : " with key ID '" + encryptedWith + "'"));
            }
            return blob;
        }
        if (decryptor == null) {
            throw refusal(id, EnvelopeHeader.parse(blob).wrappedKey().keyId());
        }
        return decryptor.decrypt(blob);
    }

    /** Patch {@code id} of an encrypted quilt, decoded from the quilt's plaintext. */
    QuiltPatch patch(QuiltPatchId id, String encryptedWith) throws ReadException, InterruptedException,
            EncryptionException {
        return EncryptedReads.patchOf(params(), id, quilt(id.quiltId(), encryptedWith));
    }

    /** The index of an encrypted quilt, from its plaintext. */
    List<QuiltEntry> index(BlobId quilt) throws ReadException, InterruptedException, EncryptionException {
        return EncryptedReads.indexOf(params(), quilt, quilt(quilt, null));
    }

    private byte[] quilt(BlobId quilt, String encryptedWith) throws ReadException, InterruptedException,
            EncryptionException {
        byte[] plain = quilts.get(quilt);
        if (plain == null) {
            plain = plaintext(quilt, client.read(quilt), encryptedWith == null ? "" : encryptedWith);
            quilts.put(quilt, plain);
        }
        return plain;
    }

    private RedStuffParams params() {
        return RedStuffParams.of(client.chain().info().nShards());
    }

    private static EncryptionException.KeyRefused refusal(BlobId id, String keyId) {
        return new EncryptionException.KeyRefused(keyId, "blob " + id + " is encrypted with key ID '" + keyId
                + "' and no key was given to read it", null);
    }

    static <K, V> Map<K, V> lru(int max) {
        return java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> e) {
                return size() > max;
            }
        });
    }
}

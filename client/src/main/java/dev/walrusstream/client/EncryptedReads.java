package dev.walrusstream.client;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltPatch;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.codec.quilt.QuiltReader;
import dev.walrusstream.crypto.CiphertextSource;
import dev.walrusstream.crypto.Decryptor;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.EnvelopeHeader;
import dev.walrusstream.crypto.KeySource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads of client-side encrypted blobs (docs/encryption.md) for every reader: {@code read},
 * {@code get}, {@code restore}, {@code read-quilt} and the aggregator. A blob is read and verified
 * as usual by the {@link StorageClient}; its envelope is then opened with the key source, each
 * chunk verified before its bytes are released. A wrong or missing key is an
 * {@link EncryptionException.KeyRefused} naming the blob's key ID; tampering is an
 * {@link EncryptionException.Tampered}; neither ever yields bytes.
 */
public final class EncryptedReads {
    private final StorageClient client;
    private final Decryptor decryptor;

    public EncryptedReads(StorageClient client, KeySource keys) {
        if (client == null || keys == null) {
            throw new IllegalArgumentException("encrypted reads need a storage client and a key source");
        }
        this.client = client;
        this.decryptor = new Decryptor(keys);
    }

    /** Whether a blob's bytes are an envelope (they begin with the format's magic). */
    public static boolean isEncrypted(byte[] blob) {
        return EnvelopeHeader.looksEncrypted(blob);
    }

    /** The whole plaintext of blob {@code id}. */
    public byte[] read(BlobId id) throws ReadException, InterruptedException, EncryptionException {
        return decrypt(id, client.read(id));
    }

    /** The plaintext of blob {@code id} as a stream that verifies chunk by chunk. */
    public InputStream open(BlobId id) throws ReadException, InterruptedException, EncryptionException {
        return openBytes(id, client.read(id));
    }

    /**
     * Plaintext bytes {@code [from, to)} of blob {@code id}: the header is read from the blob's first row,
     * then only the rows holding the ciphertext of the chunks the range touches are fetched (the client's
     * systematic range reads), each chunk verified.
     */
    public byte[] readRange(BlobId id, long from, long to) throws ReadException, InterruptedException, IOException {
        return openRanges(id).read(from, to);
    }

    /** Blob {@code id} opened for plaintext range reads (header read and data key unwrapped once). */
    public EncryptedBlob openRanges(BlobId id) throws ReadException, InterruptedException, EncryptionException {
        return EncryptedBlob.open(client.open(id), decryptor);
    }

    /**
     * A patch of an encrypted quilt (the pipeline encrypts whole quilts): the quilt blob is read,
     * opened, and the patch's columns [{@code startColumn}, {@code endColumn}) of the plaintext quilt
     * are decoded. Unlike a clear quilt, the whole quilt is fetched: its columns are ciphertext.
     */
    public QuiltPatch readQuiltPatch(QuiltPatchId id) throws ReadException, InterruptedException,
            EncryptionException {
        return patchOf(params(), id, read(id.quiltId()));
    }

    /** The index of an encrypted quilt (identifiers, tags, columns), from its whole plaintext. */
    public List<QuiltEntry> listQuiltPatches(BlobId quilt) throws ReadException, InterruptedException,
            EncryptionException {
        return indexOf(params(), quilt, read(quilt));
    }

    private RedStuffParams params() throws ReadException {
        try {
            return RedStuffParams.of(client.chain().info().nShards());
        } catch (dev.walrusstream.chain.ChainException e) {
            throw new ReadException(null, ReadException.Reason.CHAIN_UNAVAILABLE, "cannot read the chain: " + e.getMessage());
        }
    }

    /** Patch {@code id} decoded from the columns of its quilt's plaintext {@code quilt}. */
    public static QuiltPatch patchOf(RedStuffParams params, QuiltPatchId id, byte[] quilt) throws EncryptionException {
        int symbolSize = symbolSize(params, id.quiltId(), quilt);
        List<byte[]> columns = new ArrayList<>();
        for (int c = id.startColumn(); c < id.endColumn(); c++) {
            columns.add(QuiltReader.column(params, symbolSize, quilt, c));
        }
        try {
            return QuiltReader.readPatch(columns);
        } catch (RuntimeException e) {
            throw new EncryptionException.BadFormat("columns " + id.startColumn() + ".." + (id.endColumn() - 1)
                    + " of the plaintext of quilt " + id.quiltId() + " hold no quilt patch: " + e.getMessage());
        }
    }

    /** The index of a quilt from its plaintext {@code quilt}. */
    public static List<QuiltEntry> indexOf(RedStuffParams params, BlobId id, byte[] quilt) throws EncryptionException {
        int symbolSize = symbolSize(params, id, quilt);
        try {
            return QuiltReader.readIndex(params, symbolSize, c -> QuiltReader.column(params, symbolSize, quilt, c));
        } catch (RuntimeException e) {
            throw new EncryptionException.BadFormat("the plaintext of blob " + id + " is not a QuiltV1 quilt: "
                    + e.getMessage());
        }
    }

    private static int symbolSize(RedStuffParams params, BlobId id, byte[] quilt) throws EncryptionException {
        long cells = (long) params.primarySymbols() * params.secondarySymbols();
        if (quilt.length == 0 || quilt.length % cells != 0) {
            throw new EncryptionException.BadFormat("blob " + id + " opens to " + quilt.length
                    + " bytes, not a quilt matrix of " + cells + " symbols");
        }
        return (int) (quilt.length / cells);
    }

    /** Plaintext length of an envelope (from its header and length, nothing decrypted). */
    public static long plaintextLength(byte[] envelope) throws IOException {
        return Decryptor.info(CiphertextSource.of(envelope)).plaintextLength();
    }

    /** Opens an envelope already read (an aggregator's cached blob, a quilt patch's bytes). */
    public byte[] decrypt(BlobId id, byte[] envelope) throws EncryptionException {
        requireEnvelope(id, envelope);
        return decryptor.decrypt(envelope);
    }

    /** As {@link #decrypt(BlobId, byte[])}, streamed. */
    public InputStream openBytes(BlobId id, byte[] envelope) throws EncryptionException {
        requireEnvelope(id, envelope);
        return decryptor.decrypting(new ByteArrayInputStream(envelope));
    }

    /** The decryptor, for ranges over other {@link CiphertextSource}s. */
    public Decryptor decryptor() {
        return decryptor;
    }

    private static void requireEnvelope(BlobId id, byte[] blob) throws EncryptionException.BadFormat {
        if (!isEncrypted(blob)) {
            throw new EncryptionException.BadFormat("blob " + id + " is not encrypted (it does not begin with the "
                    + "'WSE1' envelope header); read it without a key");
        }
    }
}

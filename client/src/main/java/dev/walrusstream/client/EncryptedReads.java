package dev.walrusstream.client;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;
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

    /** Plaintext bytes {@code [from, to)} of blob {@code id}: only the chunks the range touches are opened. */
    public byte[] readRange(BlobId id, long from, long to) throws ReadException, InterruptedException, IOException {
        byte[] blob = client.read(id);
        requireEnvelope(id, blob);
        return decryptor.rangeBytes(CiphertextSource.of(blob), from, to);
    }

    /**
     * A patch of an encrypted quilt (the pipeline encrypts whole quilts): the quilt blob is read,
     * opened, and the patch's columns [{@code startColumn}, {@code endColumn}) of the plaintext quilt
     * are decoded. Unlike a clear quilt, the whole quilt is fetched: its columns are ciphertext.
     */
    public QuiltPatch readQuiltPatch(QuiltPatchId id) throws ReadException, InterruptedException,
            EncryptionException {
        byte[] quilt = read(id.quiltId());
        RedStuffParams params = RedStuffParams.of(client.chain().info().nShards());
        long cells = (long) params.primarySymbols() * params.secondarySymbols();
        if (quilt.length == 0 || quilt.length % cells != 0) {
            throw new EncryptionException.BadFormat("blob " + id.quiltId() + " opens to " + quilt.length
                    + " bytes, not a quilt matrix of " + cells + " symbols");
        }
        int symbolSize = (int) (quilt.length / cells);
        List<byte[]> columns = new ArrayList<>();
        for (int c = id.startColumn(); c < id.endColumn(); c++) {
            columns.add(QuiltReader.column(params, symbolSize, quilt, c));
        }
        return QuiltReader.readPatch(columns);
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

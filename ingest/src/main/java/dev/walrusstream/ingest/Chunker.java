package dev.walrusstream.ingest;

import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * Cuts a stream into {@link BlobChunk}s of a fixed size (the last one shorter), numbered from 0, with byte
 * offsets. It reads one chunk ahead, so the final chunk is known when it is emitted: only that chunk has
 * {@code last = true}, and it alone carries the SHA-256 of the whole upload and its total size. If reading fails,
 * or the stream is shorter or longer than an announced size, the final chunk is never emitted: the upload stays
 * incomplete, which the job reports instead of storing a truncated blob. An empty stream is one empty last chunk.
 */
public final class Chunker {
    private final int chunkSize;

    public Chunker(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    /** Totals of a completely emitted upload. */
    public record Totals(long size, long chunks, byte[] sha256) {
    }

    /**
     * Reads {@code in} to the end and hands every chunk to {@code consumer}.
     *
     * @param expectedSize when present, put on every chunk and checked against what was read
     * @param progress     told the byte count of each chunk once it was consumed
     * @throws UploadAbortedException when the stream does not match {@code expectedSize}
     */
    public Totals chunk(String uploadId, InputStream in, UploadMetadata meta, OptionalLong expectedSize,
                        ChunkConsumer consumer, LongConsumer progress) throws IOException {
        MessageDigest sha = sha256();
        byte[] cur = new byte[chunkSize];
        byte[] next = new byte[chunkSize];
        int curLen = in.readNBytes(cur, 0, chunkSize);
        long seq = 0;
        long offset = 0;
        while (true) {
            int nextLen = curLen < chunkSize ? 0 : in.readNBytes(next, 0, chunkSize);
            boolean last = nextLen == 0;
            long readSoFar = offset + curLen + nextLen;
            if (expectedSize.isPresent() && readSoFar > expectedSize.getAsLong()) {
                throw new UploadAbortedException(meta.sourceName() + " grew while it was read: more than the "
                        + expectedSize.getAsLong() + " bytes it had when the upload started");
            }
            sha.update(cur, 0, curLen);
            BlobChunk.Builder b = BlobChunk.newBuilder()
                    .setUploadId(uploadId)
                    .setSequence(seq)
                    .setOffset(offset)
                    .setLast(last)
                    .setData(ByteBuffer.wrap(cur, 0, curLen))
                    .setContentType(meta.contentType())
                    .setSourceName(meta.sourceName())
                    .setDataset(meta.dataset())
                    .setDatasetVersion(meta.datasetVersion())
                    .setAttributes(meta.attributes())
                    .setSha256(null)
                    .setTotalSize(expectedSize.isPresent() ? expectedSize.getAsLong() : null);
            byte[] digest = null;
            if (last) {
                long total = offset + curLen;
                if (expectedSize.isPresent() && total != expectedSize.getAsLong()) {
                    throw new UploadAbortedException(meta.sourceName() + " shrank while it was read: "
                            + total + " bytes instead of " + expectedSize.getAsLong());
                }
                digest = sha.digest();
                b.setSha256(new Sha256(digest)).setTotalSize(total);
            }
            consumer.accept(b.build());
            progress.accept(curLen);
            if (last) {
                return new Totals(offset + curLen, seq + 1, digest);
            }
            offset += curLen;
            seq++;
            byte[] t = cur;
            cur = next;
            next = t;
            curLen = nextLen;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

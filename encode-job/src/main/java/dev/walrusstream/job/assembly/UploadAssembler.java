package dev.walrusstream.job.assembly;

import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the chunks of one upload into blobs (plain service; the Flink operator keeps its state).
 *
 * <p>Chunks must arrive in sequence: a gap, a wrong byte offset, a size or SHA-256 that does not
 * match on the last chunk, or an upload over the size limit fail the upload — the offending chunk
 * and every later one go to the dead-letter topic, and the buffered chunks are named by offset range
 * so nothing is lost (they stay on the chunk topic). Segments are cut as soon as more than a full
 * segment is buffered, so the last segment is never empty; uploads that end at or below the quilt
 * threshold without having been cut become {@link SmallUpload}s.
 */
public final class UploadAssembler {

    /** Where the assembler's results go. */
    public interface Output {
        void segment(BlobTask task);

        void small(SmallUpload upload);

        void deadLetter(DeadLetterEvent event);
    }

    private final AssemblyLimits limits;

    public UploadAssembler(AssemblyLimits limits) {
        this.limits = limits;
    }

    /**
     * Accepts one chunk.
     *
     * @param state the upload's state, or null before its first chunk
     * @return the state to keep, or null when the upload is finished
     */
    public UploadState accept(UploadState state, ChunkEvent chunk, Output out) {
        if (state != null && state.failedReason != null) {
            out.deadLetter(DeadLetterEvent.of(state.failedReason, "upload " + chunk.uploadId + " already failed ("
                    + state.failedMessage + "); chunk " + chunk.sequence + " is not used", chunk));
            return state;
        }
        long expected = state == null ? 0 : state.nextSequence;
        if (chunk.sequence < expected) {
            out.deadLetter(DeadLetterEvent.of("DUPLICATE_CHUNK", "chunk " + chunk.sequence + " of upload "
                    + chunk.uploadId + " arrived again (the next expected is " + expected + "); the first copy was used", chunk));
            return state;
        }
        if (chunk.sequence > expected) {
            return fail(state, chunk, "SEQUENCE_GAP", "upload " + chunk.uploadId + " expected chunk " + expected
                    + " but got chunk " + chunk.sequence, out);
        }
        if (state == null) {
            state = start(chunk);
        }
        if (chunk.offset != state.received) {
            return fail(state, chunk, "SIZE_MISMATCH", "chunk " + chunk.sequence + " of upload " + chunk.uploadId
                    + " claims byte offset " + chunk.offset + " but " + state.received + " bytes came before it", out);
        }
        long size = state.received + chunk.data.length;
        if (size > limits.maxUploadSize()) {
            return fail(state, chunk, "OVERSIZE", "upload " + chunk.uploadId + " reached " + size
                    + " bytes, more than the limit of " + limits.maxUploadSize(), out);
        }
        if (chunk.totalSize >= 0 && size > chunk.totalSize) {
            return fail(state, chunk, "SIZE_MISMATCH", "upload " + chunk.uploadId + " announced " + chunk.totalSize
                    + " bytes but already has " + size, out);
        }
        absorb(state, chunk);
        while (state.pendingBytes > limits.segmentSize()) {
            out.segment(segment(state, (int) limits.segmentSize(), 0, null));
        }
        if (!chunk.last) {
            return state;
        }
        byte[] digest = uploadDigest(state);
        if (chunk.totalSize >= 0 && chunk.totalSize != state.received) {
            return fail(state, chunk, "SIZE_MISMATCH", "upload " + chunk.uploadId + " ended with " + state.received
                    + " bytes but its last chunk says " + chunk.totalSize, out);
        }
        if (chunk.sha256 != null && !java.util.Arrays.equals(chunk.sha256, digest)) {
            return fail(state, chunk, "CHECKSUM_MISMATCH", "upload " + chunk.uploadId + " has SHA-256 "
                    + HexFormat.of().formatHex(digest) + " but its last chunk says " + HexFormat.of().formatHex(chunk.sha256), out);
        }
        int segments = state.segment + 1;
        if (state.segment == 0 && state.received <= limits.quiltThreshold()) {
            int length = (int) state.pendingBytes;
            BlobPart p = part(state, length, 1).sha256(digest).build();
            out.small(new SmallUpload(p, take(state, length)));
        } else {
            // an upload of one segment: that segment's digest is the upload's, already computed
            out.segment(segment(state, (int) state.pendingBytes, segments, segments == 1 ? digest : null));
        }
        return null;
    }

    /**
     * The upload stopped arriving (its last chunk never came within the timeout): dead-letter it as
     * incomplete, naming the offset range of what arrived. Segments already cut stay stored.
     */
    public void expire(UploadState state, Output out) {
        if (state == null || state.failedReason != null) {
            return;
        }
        DeadLetterEvent d = new DeadLetterEvent();
        d.reason = "INCOMPLETE_UPLOAD";
        d.message = "upload " + state.uploadId + " (" + describe(state) + ") stopped after chunk " + (state.nextSequence - 1)
                + " and " + state.received + " bytes without a last chunk; chunks are at " + state.topic + "/"
                + state.partition + " offsets " + state.segmentFirstOffset + ".." + state.lastOffset
                + (state.segment > 0 ? " (" + state.segment + " segment(s) before them were stored)" : "");
        d.uploadId = state.uploadId;
        d.topic = state.topic;
        d.partition = state.partition;
        d.offset = state.lastOffset;
        out.deadLetter(d);
    }

    private UploadState start(ChunkEvent chunk) {
        UploadState s = new UploadState();
        s.digestIncludesPending = false;
        s.uploadId = chunk.uploadId;
        s.topic = chunk.topic;
        s.partition = chunk.partition;
        s.segmentFirstOffset = chunk.kafkaOffset;
        return s;
    }

    private void absorb(UploadState state, ChunkEvent chunk) {
        if (state.digestIncludesPending) {
            state.digestState = advance(state.digestState, chunk.data); // restored from a version-1 checkpoint
        }
        if (state.pendingBytes == 0) {
            state.segmentFirstOffset = chunk.kafkaOffset;
        }
        if (chunk.data.length > 0) {
            state.pending.add(chunk.data);
        }
        state.pendingBytes += chunk.data.length;
        state.received += chunk.data.length;
        state.nextSequence = chunk.sequence + 1;
        state.lastOffset = chunk.kafkaOffset;
        // every chunk repeats the descriptive fields; the last chunk's are authoritative
        state.contentType = chunk.contentType;
        state.sourceName = chunk.sourceName;
        state.dataset = chunk.dataset;
        state.datasetVersion = chunk.datasetVersion;
        state.attributes = new HashMap<>(chunk.attributes);
    }

    /**
     * The SHA-256 of the whole upload, before its last bytes are taken: the state of the segments cut
     * so far, finished over the pending bytes. That state crosses checkpoints, so it is a
     * {@link ResumableSha256}; an upload that never cut a segment (most of them) needs none.
     */
    private static byte[] uploadDigest(UploadState state) {
        if (state.digestState == null && !state.digestIncludesPending) {
            MessageDigest sha = sha256();
            state.pending.forEach(sha::update);
            return sha.digest();
        }
        ResumableSha256 sha = ResumableSha256.resume(state.digestState);
        if (!state.digestIncludesPending) {
            state.pending.forEach(sha::update);
        }
        return sha.digest();
    }

    /** {@code digestState} advanced over {@code bytes} (null: the initial state). */
    private static byte[] advance(byte[] digestState, byte[] bytes) {
        ResumableSha256 sha = ResumableSha256.resume(digestState);
        sha.update(bytes);
        return sha.saveState();
    }

    /**
     * Cuts the next segment; {@code segments} is 0 for a segment cut mid-upload (the upload's digest
     * state then moves past its bytes) and the total for the last one. {@code digest} is the
     * segment's SHA-256 when it is already known (null: hash the segment).
     */
    private static BlobTask segment(UploadState state, int length, int segments, byte[] digest) {
        BlobPart.Builder p = part(state, length, segments);
        byte[] bytes = take(state, length);
        if (segments == 0 && !state.digestIncludesPending) {
            state.digestState = advance(state.digestState, bytes);
        }
        return BlobTask.segment(p.sha256(digest != null ? digest : sha256().digest(bytes)).build(), bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static BlobPart.Builder part(UploadState state, long size, int segments) {
        return BlobPart.builder()
                .uploadId(state.uploadId)
                .segment(state.segment)
                .segments(segments)
                .sourceName(state.sourceName)
                .contentType(state.contentType)
                .dataset(state.dataset)
                .datasetVersion(state.datasetVersion)
                .attributes(new HashMap<>(state.attributes))
                .size(size)
                .topic(state.topic)
                .partition(state.partition)
                .firstOffset(state.segmentFirstOffset)
                .lastOffset(state.lastOffset);
    }

    /** Removes the first {@code length} buffered bytes and advances to the next segment. */
    private static byte[] take(UploadState state, int length) {
        byte[] out = new byte[length];
        int filled = 0;
        List<byte[]> pending = state.pending;
        while (filled < length) {
            byte[] head = pending.get(0);
            int n = Math.min(head.length, length - filled);
            System.arraycopy(head, 0, out, filled, n);
            filled += n;
            if (n == head.length) {
                pending.remove(0);
            } else {
                pending.set(0, java.util.Arrays.copyOfRange(head, n, head.length));
            }
        }
        state.pendingBytes -= length;
        state.segment++;
        state.segmentFirstOffset = state.lastOffset;
        return out;
    }

    private UploadState fail(UploadState state, ChunkEvent chunk, String reason, String message, Output out) {
        UploadState s = state == null ? start(chunk) : state;
        String buffered = s.pendingBytes > 0 ? "; its " + s.pendingBytes + " unstored bytes are at " + s.topic + "/"
                + s.partition + " offsets " + s.segmentFirstOffset + ".." + s.lastOffset : "";
        out.deadLetter(DeadLetterEvent.of(reason, message + buffered, chunk));
        s.failedReason = reason;
        s.failedMessage = message;
        s.pending.clear();
        s.pendingBytes = 0;
        return s;
    }

    private static String describe(UploadState state) {
        return state.sourceName != null ? state.sourceName : "unnamed";
    }
}

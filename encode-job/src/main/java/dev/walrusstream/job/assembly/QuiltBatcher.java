package dev.walrusstream.job.assembly;

import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.quilt.Quilt;
import dev.walrusstream.codec.quilt.QuiltEncoder;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltIdentifiers;
import dev.walrusstream.codec.quilt.QuiltPatch;
import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Packs small uploads into QuiltV1 quilts (plain service; the Flink operator keeps the pending list).
 * A quilt is cut when it holds {@code maxPatches} uploads or {@code targetBytes} of data, or when the
 * operator's linger timer fires. Identifiers are the uploads' source names (made unique and valid
 * when needed); attributes become tags, the content type the {@code content-type} tag.
 */
public final class QuiltBatcher {
    private final RedStuffParams params;
    private final long targetBytes;
    private final int maxPatches;

    public QuiltBatcher(RedStuffParams params, long targetBytes, int maxPatches) {
        if (maxPatches < 1 || maxPatches > QuiltEncoder.maxPatches(params)) {
            throw new IllegalArgumentException("a quilt at " + params.nShards() + " shards holds 1 to "
                    + QuiltEncoder.maxPatches(params) + " patches, got " + maxPatches);
        }
        if (targetBytes < 1 || targetBytes > params.maxBlobSize() / 2) {
            throw new IllegalArgumentException("quilt target size must be between 1 byte and half the largest blob ("
                    + params.maxBlobSize() / 2 + " bytes at " + params.nShards() + " shards), got " + targetBytes);
        }
        this.params = params;
        this.targetBytes = targetBytes;
        this.maxPatches = maxPatches;
    }

    /** True when a quilt of {@code pending} uploads holding {@code pendingBytes} should be cut now. */
    public boolean full(int pending, long pendingBytes) {
        return pending >= maxPatches || pendingBytes >= targetBytes;
    }

    /**
     * True when the upload's attributes (with its content type) fit a QuiltV1 patch header, which
     * holds at most 65,535 bytes of BCS tags. An upload whose attributes are larger is stored as a
     * blob of its own instead of a patch, so it is certified with every attribute in its receipt.
     */
    public boolean fitsAPatch(SmallUpload upload) {
        Map<String, String> tags = tags(upload.part);
        long bytes = BcsWriter.uleb128Length(tags.size());
        for (Map.Entry<String, String> e : tags.entrySet()) {
            bytes += bcsStringLength(e.getKey()) + bcsStringLength(e.getValue());
            if (bytes > 0xFFFF) {
                return false;
            }
        }
        return true;
    }

    private static long bcsStringLength(String s) {
        int n = s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return BcsWriter.uleb128Length(n) + n;
    }

    /** Builds the quilt of these uploads (in any order; the quilt sorts them by identifier). */
    public BlobTask build(List<SmallUpload> uploads) {
        Map<String, SmallUpload> byIdentifier = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        List<QuiltPatch> patches = new ArrayList<>();
        for (SmallUpload u : uploads) {
            String identifier = identifier(u.part, used);
            used.add(identifier);
            byIdentifier.put(identifier, u);
            patches.add(new QuiltPatch(identifier, tags(u.part), u.data));
        }
        Quilt quilt = QuiltEncoder.build(params, patches);
        List<BlobPart> parts = new ArrayList<>();
        for (QuiltEntry e : quilt.entries()) {
            SmallUpload u = byIdentifier.get(e.identifier());
            parts.add(u.part.toBuilder().identifier(e.identifier()).columns(e.startColumn(), e.endColumn()).build());
        }
        return BlobTask.quilt(parts, quilt.blob());
    }

    /** The source name when it is a valid, unused identifier; else it with the upload id; else the upload id. */
    static String identifier(BlobPart part, Set<String> used) {
        List<String> candidates = new ArrayList<>();
        if (part.sourceName() != null && !part.sourceName().isEmpty()) {
            candidates.add(part.sourceName());
            candidates.add(part.sourceName() + " #" + part.uploadId());
        }
        candidates.add(part.uploadId());
        for (String c : candidates) {
            if (!used.contains(c) && valid(c)) {
                return c;
            }
        }
        throw new IllegalStateException("upload id " + part.uploadId() + " is not a usable quilt identifier");
    }

    private static boolean valid(String identifier) {
        try {
            QuiltIdentifiers.validate(identifier);
            return true;
        } catch (CodecException.InvalidQuilt e) {
            return false;
        }
    }

    private static Map<String, String> tags(BlobPart part) {
        Map<String, String> tags = new HashMap<>(part.attributes());
        if (part.contentType() != null && !tags.containsKey("content-type")) {
            tags.put("content-type", part.contentType());
        }
        return tags;
    }
}

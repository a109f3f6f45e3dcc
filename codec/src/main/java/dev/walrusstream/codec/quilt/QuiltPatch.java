package dev.walrusstream.codec.quilt;

import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.CodecException.InvalidQuilt.Reason;
import dev.walrusstream.codec.bcs.BcsWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One file to put in a quilt: its identifier (unique in the quilt), optional tags (Walrus-native
 * metadata, stored in the index and in the patch) and bytes. Validated on construction.
 */
public record QuiltPatch(String identifier, Map<String, String> tags, byte[] data) {

    public QuiltPatch {
        QuiltIdentifiers.validate(identifier);
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new CodecException.InvalidQuilt(Reason.INVALID_TAGS, "tags of '" + identifier
                        + "' must not contain null keys or values");
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("patch '" + identifier + "' has no data array");
        }
    }

    public QuiltPatch(String identifier, byte[] data) {
        this(identifier, Map.of(), data);
    }

    /** BCS of the tag map with entries in canonical order: by the BCS bytes of the key (length prefix first). */
    byte[] tagsBcs() {
        List<byte[][]> entries = new ArrayList<>();
        for (Map.Entry<String, String> e : tags.entrySet()) {
            byte[] key = new BcsWriter().string(e.getKey()).toByteArray();
            byte[] value = new BcsWriter().string(e.getValue()).toByteArray();
            entries.add(new byte[][]{key, value});
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        BcsWriter w = new BcsWriter();
        w.uleb128(entries.size());
        for (byte[][] kv : entries) {
            w.fixedBytes(kv[0]).fixedBytes(kv[1]);
        }
        return w.toByteArray();
    }

    byte[] identifierBcs() {
        return new BcsWriter().string(identifier).toByteArray();
    }

    /**
     * The patch as stored (docs/protocol/quilt-spec.md §2.2): 0x01, u32 length of what follows the 6-byte header,
     * mask (bit 0: tags present), u16 + BCS identifier, [u16 + BCS tags], data.
     */
    byte[] serialize() {
        byte[] id = identifierBcs();
        byte[] tagBytes = tags.isEmpty() ? null : tagsBcs();
        if (tagBytes != null && tagBytes.length > 0xFFFF) {
            throw new CodecException.InvalidQuilt(Reason.INVALID_TAGS, "tags of '" + identifier + "' take "
                    + tagBytes.length + " bytes, more than the 65535 a patch header holds");
        }
        long after = 2L + id.length + (tagBytes == null ? 0 : 2L + tagBytes.length) + data.length;
        if (after > 0xFFFFFFFFL || after + 6 > Integer.MAX_VALUE - 16) {
            throw new CodecException.InvalidQuilt(Reason.OVERSIZE, "patch '" + identifier + "' of " + data.length
                    + " bytes is larger than a quilt patch can be");
        }
        BcsWriter w = new BcsWriter((int) after + 6);
        w.u8(1).u32(after).u8(tagBytes == null ? 0 : 1);
        w.u16(id.length).fixedBytes(id);
        if (tagBytes != null) {
            w.u16(tagBytes.length).fixedBytes(tagBytes);
        }
        w.fixedBytes(data);
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuiltPatch p && p.identifier.equals(identifier) && p.tags.equals(tags)
                && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return identifier.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "QuiltPatch[" + identifier + ", " + data.length + " bytes, tags " + tags + "]";
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

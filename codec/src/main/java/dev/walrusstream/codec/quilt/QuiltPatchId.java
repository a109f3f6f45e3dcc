package dev.walrusstream.codec.quilt;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.CodecException.InvalidQuilt.Reason;

import java.util.Arrays;
import java.util.Base64;

/**
 * Walrus's QuiltPatchId: the quilt's blob ID followed by the V1 internal id
 * {@code 01 | start u16 LE | end u16 LE} (columns = secondary sliver indices, end exclusive).
 * Text form: base64url without padding of the 37 bytes.
 */
public record QuiltPatchId(BlobId quiltId, int startColumn, int endColumn) {

    public QuiltPatchId {
        if (startColumn < 0 || endColumn <= startColumn || endColumn > 0xFFFF) {
            throw new IllegalArgumentException("patch columns must satisfy 0 ≤ start < end ≤ 65535, got ["
                    + startColumn + ", " + endColumn + ")");
        }
    }

    public byte[] bytes() {
        byte[] out = Arrays.copyOf(quiltId.bytes(), BlobId.LENGTH + 5);
        out[32] = 1;
        out[33] = (byte) startColumn;
        out[34] = (byte) (startColumn >>> 8);
        out[35] = (byte) endColumn;
        out[36] = (byte) (endColumn >>> 8);
        return out;
    }

    public String text() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes());
    }

    public static QuiltPatchId parse(String text) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new CodecException.InvalidQuilt(Reason.MALFORMED, "not a base64url quilt patch ID: '" + text + "'");
        }
        if (raw.length != BlobId.LENGTH + 5 || raw[32] != 1) {
            throw new CodecException.InvalidQuilt(Reason.MALFORMED, "quilt patch ID '" + text + "' is not a V1 patch ID"
                    + " (expected 37 bytes with version byte 1 at offset 32, got " + raw.length + " bytes)");
        }
        int start = (raw[33] & 0xFF) | (raw[34] & 0xFF) << 8;
        int end = (raw[35] & 0xFF) | (raw[36] & 0xFF) << 8;
        if (end <= start) {
            throw new CodecException.InvalidQuilt(Reason.MALFORMED, "quilt patch ID '" + text + "' has an empty column range ["
                    + start + ", " + end + ")");
        }
        return new QuiltPatchId(BlobId.of(Arrays.copyOf(raw, BlobId.LENGTH)), start, end);
    }

    @Override
    public String toString() {
        return text();
    }
}

package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.DynamicFieldId;
import dev.walrusstream.sui.tx.TypeTag;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Walrus blob's attributes: the {@code metadata::Metadata} ({@code VecMap<String, String>}, insertion
 * ordered) that {@code blob::add_metadata} stores in a dynamic field {@code Field<vector<u8>, Metadata>}
 * under the Blob, keyed by the bytes {@code "metadata"}. {@link #fieldId} finds the field object;
 * {@link #fieldContents}/{@link #fromFieldContents} are its BCS ({@code UID, name, value}).
 */
public record WalrusBlobAttributes(Map<String, String> pairs) {
    /** The dynamic field's key: the bytes of "metadata", as a {@code vector<u8>}. */
    public static final byte[] FIELD_NAME = "metadata".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public WalrusBlobAttributes {
        Objects.requireNonNull(pairs, "pairs");
        pairs = Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
    }

    public static WalrusBlobAttributes empty() {
        return new WalrusBlobAttributes(Map.of());
    }

    /** The ID of the attributes field under {@code blob}. */
    public static ObjectId fieldId(ObjectId blob) {
        return DynamicFieldId.derive(blob, new TypeTag.Vector(TypeTag.Primitive.U8), nameBcs());
    }

    /** {@code 0x2::dynamic_field::Field<vector<u8>, <walrus package>::metadata::Metadata>}. */
    public static String fieldType(ObjectId walrusOriginalPackage) {
        return "0x0000000000000000000000000000000000000000000000000000000000000002::dynamic_field::Field<vector<u8>, "
                + walrusOriginalPackage + "::metadata::Metadata>";
    }

    /** {@code Metadata}'s BCS: a vector of (key, value) strings. */
    public byte[] toBcs() {
        BcsWriter w = new BcsWriter().uleb128(pairs.size());
        pairs.forEach((k, v) -> w.string(k).string(v));
        return w.toByteArray();
    }

    /** The field object's contents: its UID, the name {@code b"metadata"} and the value. */
    public byte[] fieldContents(ObjectId fieldId) {
        return new BcsWriter().fixedBytes(fieldId.bytes()).bytes(FIELD_NAME).fixedBytes(toBcs()).toByteArray();
    }

    /** Parses a field object's contents; a malformed body names the offset. */
    public static WalrusBlobAttributes fromFieldContents(byte[] contents) {
        BcsReader r = new BcsReader(contents);
        r.fixedBytes(32);
        byte[] name = r.bytes();
        if (!java.util.Arrays.equals(name, FIELD_NAME)) {
            throw new IllegalArgumentException("the field's name is not b\"metadata\" but "
                    + java.util.HexFormat.of().formatHex(name));
        }
        int n = r.uleb128();
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            pairs.put(r.string(), r.string());
        }
        r.expectEnd("Field<vector<u8>, Metadata>");
        return new WalrusBlobAttributes(pairs);
    }

    /** With {@code key} set to {@code value}: as Walrus's insert_or_update, an old pair is removed, the new one appended. */
    public WalrusBlobAttributes with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(pairs);
        m.remove(key);
        m.put(key, value);
        return new WalrusBlobAttributes(m);
    }

    /** Without {@code key} (VecMap::remove keeps the order of the others). */
    public WalrusBlobAttributes without(String key) {
        Map<String, String> m = new LinkedHashMap<>(pairs);
        m.remove(key);
        return new WalrusBlobAttributes(m);
    }

    private static byte[] nameBcs() {
        return new BcsWriter().bytes(FIELD_NAME).toByteArray();
    }
}

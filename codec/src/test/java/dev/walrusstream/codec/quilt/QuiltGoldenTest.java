package dev.walrusstream.codec.quilt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * QuiltV1 byte-for-byte against the vectors of {@code vectors-gen/quilt/gen-quilt.mjs} (blob IDs from the
 * official encoder; layout cross-checked with the TS SDK): identifier order (UTF-8 bytes, not UTF-16),
 * tag order (BCS key bytes), index spilling into a second column, the most patches a quilt holds,
 * and reading single patches from their own columns only.
 */
class QuiltGoldenTest {
    private static final HexFormat HEX = HexFormat.of();
    private final RedStuff codec = RedStuff.create();

    @TestFactory
    Stream<DynamicTest> quiltsAtTenShards() {
        return vectors("vectors/quilt-n10.json.gz").stream().map(v -> DynamicTest.dynamicTest(name(v), () -> check(v)));
    }

    @TestFactory
    Stream<DynamicTest> quiltsAtAThousandShards() {
        return vectors("vectors/quilt-n1000.json.gz").stream().map(v -> DynamicTest.dynamicTest(name(v), () -> check(v)));
    }

    private void check(JsonNode v) throws Exception {
        int n = v.get("n_shards").asInt();
        RedStuffParams params = RedStuffParams.of(n);
        List<QuiltPatch> inputs = inputs(v.get("set").asText(), n);
        if (v.has("error")) {
            CodecException.InvalidQuilt e = assertThrows(CodecException.InvalidQuilt.class,
                    () -> QuiltEncoder.build(params, inputs));
            assertEquals(CodecException.InvalidQuilt.Reason.TOO_MANY_PATCHES, e.reason());
            return;
        }
        Quilt quilt = QuiltEncoder.build(params, inputs);
        assertEquals(v.get("symbol_size").asInt(), quilt.symbolSize());
        assertEquals(v.get("column_size").asInt(), quilt.columnSize());
        assertEquals(v.get("quilt_length").asInt(), quilt.blob().length);
        assertEquals(v.get("index_columns").asInt(), quilt.indexColumns());
        if (v.has("quilt_hex")) {
            assertEquals(v.get("quilt_hex").asText(), HEX.formatHex(quilt.blob()));
        }
        assertEquals(v.get("quilt_sha256").asText(), HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(quilt.blob())));
        if (v.has("index_meta_hex")) {
            assertEquals(v.get("index_meta_hex").asText(), indexPiece(quilt));
        }

        EncodedBlob encoded = quilt.encode(codec);
        assertEquals(v.get("blob_id").asText(), encoded.blobId().base64Url());
        JsonNode patches = v.get("patches");
        int listed = 0;
        for (JsonNode p : patches) {
            if (p.has("elided")) {
                listed += p.get("elided").asInt();
                continue;
            }
            listed++;
            QuiltEntry entry = quilt.entry(p.get("identifier").asText());
            assertEquals(p.get("start_index").asInt(), entry.startColumn(), entry.identifier());
            assertEquals(p.get("end_index").asInt(), entry.endColumn(), entry.identifier());
            QuiltPatchId id = quilt.patchId(encoded.blobId(), entry);
            assertEquals(p.get("quilt_patch_id").asText(), id.text(), entry.identifier());
            assertEquals(id, QuiltPatchId.parse(id.text()));
            assertEquals(p.get("internal_id_hex").asText(), HEX.formatHex(id.bytes(), 32, 37));

            // read the patch from its own secondary slivers only
            List<byte[]> columns = new ArrayList<>();
            for (int c = entry.startColumn(); c < entry.endColumn(); c++) {
                columns.add(encoded.secondarySliver(c).data());
            }
            QuiltPatch read = QuiltReader.readPatch(columns);
            QuiltPatch original = inputs.stream().filter(x -> x.identifier().equals(entry.identifier())).findFirst().orElseThrow();
            assertEquals(original, read, entry.identifier());
            assertEquals(p.get("data_sha256").asText(), HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(read.data())));
            byte[] piece = original.serialize();
            assertEquals(p.get("patch_header_and_prefix_hex").asText(),
                    HEX.formatHex(piece, 0, piece.length - original.data().length), entry.identifier());
        }
        assertEquals(listed, quilt.entries().size());
        Set<Integer> fetched = new TreeSet<>();
        List<QuiltEntry> index = QuiltReader.readIndex(params, quilt.symbolSize(), c -> {
            fetched.add(c);
            return encoded.secondarySliver(c).data();
        });
        assertEquals(quilt.entries(), index);
        assertEquals(quilt.indexColumns(), fetched.size(), "the index reader fetches only the index columns");
        assertEquals(inputs.size(), QuiltReader.readAll(params, quilt.blob()).size());
    }

    /** The index piece (0x01, u32 length, BCS index) read back column by column. */
    private static String indexPiece(Quilt quilt) {
        java.io.ByteArrayOutputStream columns = new java.io.ByteArrayOutputStream();
        for (int c = 0; c < quilt.indexColumns(); c++) {
            columns.writeBytes(QuiltReader.column(quilt.params(), quilt.symbolSize(), quilt.blob(), c));
        }
        byte[] bytes = columns.toByteArray();
        int length = 5 + (int) new dev.walrusstream.codec.bcs.BcsReader(bytes, 1, 4).u32();
        return HEX.formatHex(bytes, 0, length);
    }

    /** The generator's input sets (gen-quilt.mjs inputSets), rebuilt byte for byte. */
    static List<QuiltPatch> inputs(String set, int n) {
        int maxPatches = RedStuffParams.of(n).secondarySymbols() - 1;
        return switch (set) {
            case "basic" -> List.of(
                    new QuiltPatch("sample-000001.json", tags("split", "train", "content-type", "application/json"),
                            utf8("{\"id\":1,\"text\":\"a walrus on the beach\",\"label\":\"walrus\"}")),
                    new QuiltPatch("thumbs/000001.jpg", tags("content-type", "image/jpeg"), det("thumbs/000001.jpg", 1500)),
                    new QuiltPatch("README.txt", tags("aa", "1", "b", "2"), utf8("hello quilt\n")),
                    new QuiltPatch("empty.bin", new byte[0]),
                    new QuiltPatch("data/shard-0.bin", det("data/shard-0.bin", 5000)));
            case "unicode" -> List.of(
                    new QuiltPatch("z.txt", utf8("z")),
                    new QuiltPatch("\uFF21.txt", utf8("fullwidth A")),
                    new QuiltPatch("\uD83D\uDE00.txt", utf8("emoji")));
            case "max" -> tiny(maxPatches);
            case "max_plus_one" -> tiny(maxPatches + 1);
            case "ts_reader_content_trap" -> n == 10
                    ? List.of(new QuiltPatch("big", det("big", 3000)), new QuiltPatch("c", det("c", 2010)))
                    : List.of(new QuiltPatch("c", det("c", 665)));
            case "ts_reader_trap" -> n == 10
                    ? List.of(new QuiltPatch("a", new byte[0]))
                    : List.of(new QuiltPatch("x".repeat(658), new byte[0]));
            default -> throw new IllegalArgumentException("unknown vector set " + set);
        };
    }

    private static List<QuiltPatch> tiny(int count) {
        int width = String.valueOf(count).length();
        List<QuiltPatch> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "p" + String.format("%0" + width + "d", i);
            out.add(new QuiltPatch(id, det(id, 16)));
        }
        return out;
    }

    private static Map<String, String> tags(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** deterministicData(seed, size): SHA-256(seed || be64(i)) stream. */
    static byte[] det(String seed, int size) {
        try {
            byte[] out = new byte[size];
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (long i = 0, off = 0; off < size; i++, off += 32) {
                sha.update(seed.getBytes(StandardCharsets.UTF_8));
                for (int b = 7; b >= 0; b--) {
                    sha.update((byte) (i >>> (8 * b)));
                }
                byte[] block = sha.digest();
                System.arraycopy(block, 0, out, (int) off, (int) Math.min(32, size - off));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> vectors(String resource) {
        try (InputStream in = QuiltGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
            JsonNode root = new ObjectMapper().readTree(new GZIPInputStream(in));
            List<JsonNode> out = new ArrayList<>();
            root.get("vectors").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(JsonNode v) {
        return "n=" + v.get("n_shards").asInt() + " " + v.get("set").asText();
    }
}

package dev.walrusstream.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walrusstream.codec.rs.Engines;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Byte equality with the official Walrus encoder: blob ID (hex, base64url, u256), root hash,
 * metadata BCS, every sliver (raw bytes for small vectors, SHA-256 per sliver otherwise) and every
 * sliver's BCS body, for n in {4, 7, 10, 13, 100, 1000} and sizes from 0 to 16 MiB.
 */
class RedStuffGoldenTest {
    private static final HexFormat HEX = HexFormat.of();
    private final RedStuff codec = RedStuff.create();

    @TestFactory
    Stream<DynamicTest> smallVectorsWithFullSlivers() {
        return GoldenVectors.load(GoldenVectors.SMALL).stream()
                .map(v -> DynamicTest.dynamicTest(GoldenVectors.name(v), () -> check(v)));
    }

    @TestFactory
    Stream<DynamicTest> largeVectorsWithDigests() {
        return GoldenVectors.load(GoldenVectors.DIGESTS).stream()
                .map(v -> DynamicTest.dynamicTest(GoldenVectors.name(v), () -> check(v)));
    }

    /**
     * The same vectors encoded into one reused {@link SliverArena}, each time after the arena held
     * a random blob of the same shape filling every row: reused buffers, padding included, must
     * give the official bytes.
     */
    @TestFactory
    Stream<DynamicTest> smallVectorsThroughADirtyArena() {
        SliverArena arena = SliverArena.create();
        return GoldenVectors.load(GoldenVectors.SMALL).stream()
                .map(v -> DynamicTest.dynamicTest(GoldenVectors.name(v), () -> check(v, arenaEncoder(arena))));
    }

    @TestFactory
    Stream<DynamicTest> largeVectorsThroughADirtyArena() {
        SliverArena arena = SliverArena.create();
        return GoldenVectors.load(GoldenVectors.DIGESTS).stream()
                .map(v -> DynamicTest.dynamicTest(GoldenVectors.name(v), () -> check(v, arenaEncoder(arena))));
    }

    private java.util.function.BiFunction<Integer, byte[], EncodedBlob> arenaEncoder(SliverArena arena) {
        return (n, data) -> {
            RedStuffParams params = RedStuffParams.of(n);
            int s = params.symbolSize(data.length); // throws DataTooLarge as encode does
            byte[] dirt = new byte[params.primarySymbols() * params.secondarySymbols() * s];
            new java.util.Random(data.length).nextBytes(dirt);
            assertEquals(s, codec.encode(params, dirt, 0, dirt.length, arena).symbolSize(), "dirt has the vector's shape");
            return codec.encode(params, data, 0, data.length, arena);
        };
    }

    private void check(JsonNode v) {
        check(v, (n, data) -> codec.encode(n, data));
    }

    private void check(JsonNode v, java.util.function.BiFunction<Integer, byte[], EncodedBlob> encoder) {
        int n = v.get("n_shards").asInt();
        byte[] data = GoldenVectors.input(v);
        RedStuffParams params = RedStuffParams.of(n);
        assertEquals(v.get("max_blob_size").asLong(), params.maxBlobSize());
        if (v.has("error")) {
            assertEquals("DataTooLarge", v.get("error").asText());
            CodecException.DataTooLarge e = assertThrows(CodecException.DataTooLarge.class, () -> encoder.apply(n, data));
            assertEquals(data.length, e.size());
            assertEquals(params.maxBlobSize(), e.limit());
            return;
        }
        EncodedBlob blob = encoder.apply(n, data);
        assertEquals(v.get("symbol_size").asInt(), blob.symbolSize());
        assertEquals(v.get("encoded_length").asLong(), blob.encodedLength());
        assertEquals(v.get("primary_sliver_len").asInt(), params.sliverLength(SliverType.PRIMARY, blob.symbolSize()));
        assertEquals(v.get("secondary_sliver_len").asInt(), params.sliverLength(SliverType.SECONDARY, blob.symbolSize()));

        BlobMetadata metadata = blob.metadata();
        assertEquals(v.get("root_hash_hex").asText(), HEX.formatHex(metadata.rootHash()));
        assertEquals(v.get("blob_id_hex").asText(), blob.blobId().hex());
        assertEquals(v.get("blob_id_base64url").asText(), blob.blobId().base64Url());
        assertEquals(v.get("blob_id_u256_decimal").asText(), blob.blobId().u256().toString());
        assertEquals(v.get("rotation_offset").asInt(), blob.blobId().rotationOffset(n));
        assertEquals(v.get("shard_of_pair_0").asInt(), params.shardOfPair(blob.blobId(), 0));

        byte[] bcs = metadata.toBcs();
        assertEquals(v.get("metadata_bcs_len").asInt(), bcs.length);
        assertEquals(v.get("metadata_bcs_sha256").asText(), GoldenVectors.sha256Hex(bcs));
        assertEquals(v.get("metadata_with_id_bcs_sha256").asText(),
                GoldenVectors.sha256Hex(metadata.toBcsWithId(blob.blobId())));
        if (v.has("metadata_bcs_hex")) {
            assertEquals(v.get("metadata_bcs_hex").asText(), HEX.formatHex(bcs));
        }
        assertEquals(metadata, BlobMetadata.fromBcs(bcs), "metadata BCS round trip");

        MessageDigest all = GoldenVectors.sha256();
        for (SliverType type : SliverType.values()) {
            String key = type == SliverType.PRIMARY ? "primary" : "secondary";
            JsonNode rawHex = v.get(key + "_slivers_hex");
            JsonNode sha = v.get(key + "_sliver_sha256");
            JsonNode bcsSha = v.get(key + "_sliver_bcs_sha256");
            for (int p = 0; p < n; p++) {
                Sliver sliver = type == SliverType.PRIMARY ? blob.pairPrimary(p) : blob.pairSecondary(p);
                String where = key + " sliver of pair " + p;
                if (rawHex != null) {
                    assertEquals(rawHex.get(p).asText(), HEX.formatHex(sliver.data()), where);
                }
                if (sha != null) {
                    assertEquals(sha.get(p).asText(), GoldenVectors.sha256Hex(sliver.data()), where);
                }
                if (bcsSha != null) {
                    assertEquals(bcsSha.get(p).asText(), GoldenVectors.sha256Hex(sliver.toBcs()), where + " BCS");
                }
            }
        }
        for (int p = 0; p < n; p++) {
            all.update(GoldenVectors.sha256().digest(blob.pairPrimary(p).data()));
        }
        for (int p = 0; p < n; p++) {
            all.update(GoldenVectors.sha256().digest(blob.pairSecondary(p).data()));
        }
        assertEquals(v.get("slivers_digest").asText(), HEX.formatHex(all.digest()), "digest over all slivers");
        if (v.has("primary_hashes_hex")) {
            for (int i = 0; i < n; i++) {
                assertEquals(v.get("primary_hashes_hex").get(i).asText(),
                        HEX.formatHex(metadata.sliverHash(SliverType.PRIMARY, i)), "hash of pair " + i + " primary");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> decodesFromTheLastPrimarySlivers() {
        List<JsonNode> vectors = GoldenVectors.load(GoldenVectors.SMALL);
        return vectors.stream().map(v -> DynamicTest.dynamicTest(GoldenVectors.name(v), () -> {
            int n = v.get("n_shards").asInt();
            byte[] data = GoldenVectors.input(v);
            EncodedBlob blob = codec.encode(n, data);
            int np = blob.params().primarySymbols();
            List<Sliver> lastOnes = java.util.stream.IntStream.range(n - np, n).mapToObj(blob::primarySliver).toList();
            assertArrayEquals(data, codec.decode(blob.metadata(), lastOnes, ConsistencyCheck.DEFAULT));
        }));
    }

    @TestFactory
    Stream<DynamicTest> referenceEngineAgreesOnSmallVectors() {
        RedStuff reference = RedStuff.withEngine(Engines.reference());
        return GoldenVectors.load(GoldenVectors.SMALL).stream().limit(24)
                .map(v -> DynamicTest.dynamicTest(GoldenVectors.name(v), () -> {
                    byte[] data = GoldenVectors.input(v);
                    int n = v.get("n_shards").asInt();
                    assertEquals(v.get("blob_id_hex").asText(), reference.encode(n, data).blobId().hex());
                }));
    }
}

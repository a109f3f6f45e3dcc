package dev.walrusstream.client;

import dev.walrusstream.testsupport.Networks;

import dev.walrusstream.client.dataset.BlobCache;
import dev.walrusstream.client.dataset.DatasetFile;
import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.client.dataset.DatasetVersion;
import dev.walrusstream.client.dataset.NotAManifestException;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.Quilt;
import dev.walrusstream.codec.quilt.QuiltEncoder;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltPatch;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quilt reads by identifier, tag and patch ID; dataset manifests of both format versions; files read
 * across seven segments (six blobs and a quilt patch), whole and by ranges across segment boundaries,
 * checked against the manifest's SHA-256; a manifest that lies is caught; a blob that is no manifest
 * is refused clearly.
 */
class DatasetReadIT {
    @TempDir
    static Path dir;
    static LocalNetwork network;
    static StorageClient client;
    static BlobId quiltId;
    static Quilt quilt;

    @BeforeAll
    static void start() throws Exception {
        network = Networks.start(dir, 4, 10);
        client = Clients.client(network);
        quilt = QuiltEncoder.build(RedStuffParams.of(10), List.of(
                new QuiltPatch("readme.txt", Map.of("type", "text"), "hello quilt".getBytes(StandardCharsets.UTF_8)),
                new QuiltPatch("clips/a.bin", Map.of("type", "bin"), Networks.random(5000, 1)),
                new QuiltPatch("clips/b.bin", Map.of("type", "bin"), Networks.random(3000, 2))));
        quiltId = store(quilt.encode(RedStuff.create()).blobId(), quilt.blob());
    }

    @AfterAll
    static void stop() {
        client.close();
        network.close();
    }

    static BlobId store(BlobId expected, byte[] data) throws Exception {
        StoreResult r = client.store(data, StoreOptions.permanent(3));
        assertTrue(r.isStored(), r.toString());
        assertEquals(expected, r.blobId());
        return r.blobId();
    }

    static BlobId store(byte[] data) throws Exception {
        StoreResult r = client.store(data, StoreOptions.permanent(3));
        assertTrue(r.isStored(), r.toString());
        return r.blobId();
    }

    @Test
    void quiltPatchesByIdentifierTagAndPatchId() throws Exception {
        List<QuiltEntry> index = client.listQuiltPatches(quiltId);
        assertEquals(List.of("clips/a.bin", "clips/b.bin", "readme.txt"), index.stream().map(QuiltEntry::identifier).toList());
        assertEquals("bin", index.get(0).tags().get("type"));

        QuiltRead a = client.readQuiltPatch(quiltId, "clips/a.bin");
        assertArrayEquals(Networks.random(5000, 1), a.patch().data());
        assertFalse(a.wholeBlobFallback());
        List<Integer> expected = new ArrayList<>();
        for (int c = index.get(0).startColumn(); c < index.get(0).endColumn(); c++) {
            expected.add(c);
        }
        assertEquals(expected, a.columnsFetched(), "only the patch's own columns are fetched");

        List<QuiltRead> bins = client.readQuiltPatchesByTag(quiltId, "type", "bin");
        assertEquals(List.of("clips/a.bin", "clips/b.bin"), bins.stream().map(r -> r.patch().identifier()).toList());
        assertEquals(0, client.readQuiltPatchesByTag(quiltId, "type", "video").size());

        QuiltPatchId readme = quilt.patchId(quiltId, quilt.entry("readme.txt"));
        assertEquals("hello quilt", new String(client.readQuiltPatch(readme).patch().data(), StandardCharsets.UTF_8));

        ReadException missing = assertThrows(ReadException.class, () -> client.readQuiltPatch(quiltId, "nope.txt"));
        assertEquals(ReadException.Reason.NOT_FOUND, missing.reason());
        assertTrue(missing.getMessage().contains("'nope.txt'"), missing.getMessage());

        BlobId plain = store(Networks.random(2000, 3));
        ReadException notQuilt = assertThrows(ReadException.class, () -> client.listQuiltPatches(plain));
        assertEquals(ReadException.Reason.NOT_A_QUILT, notQuilt.reason());
    }

    @Test
    void filesAcrossSegmentsFromBothManifestVersions() throws Exception {
        List<TestManifests.Seg> segs = new ArrayList<>();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = 0; i < 6; i++) {
            byte[] data = Networks.random(4000 + 1000 * i, 100 + i);
            segs.add(new TestManifests.Seg(store(data), null, data));
            whole.writeBytes(data);
        }
        byte[] tail = Networks.random(3000, 2);
        segs.add(new TestManifests.Seg(quiltId, quilt.patchId(quiltId, quilt.entry("clips/b.bin")), tail));
        whole.writeBytes(tail);
        byte[] expected = whole.toByteArray();

        BlobId v2 = store(TestManifests.v2("clips", "v1", List.of(TestManifests.file("video/long.bin", "video/mp4", segs))));
        try (DatasetReader reader = new DatasetReader(client, new BlobCache(1 << 20), 3)) {
            DatasetVersion version = reader.manifest(v2);
            assertEquals(2, version.formatVersion());
            assertTrue(version.closed());
            DatasetFile file = version.file("video/long.bin").orElseThrow();
            assertEquals(7, file.segments().size());
            assertEquals("video/mp4", file.contentType());
            assertEquals(5, file.endEpoch());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.copy(file, out);
            assertArrayEquals(expected, out.toByteArray());

            // ranges: inside one segment, spanning three segments, into the quilt patch, open-ended past the end
            long[][] ranges = {{10, 100}, {3990, 9000}, {expected.length - 3500, 1000}, {expected.length - 10, 1000}};
            for (long[] r : ranges) {
                ByteArrayOutputStream part = new ByteArrayOutputStream();
                reader.copyRange(file, r[0], r[1], part);
                int end = (int) Math.min(expected.length, r[0] + r[1]);
                assertArrayEquals(Arrays.copyOfRange(expected, (int) r[0], end), part.toByteArray(),
                        "range " + r[0] + "+" + r[1]);
            }

            BlobId v1 = store(TestManifests.v1("clips", "v0", "video/long.bin", segs.subList(0, 6)));
            DatasetVersion old = reader.manifest(v1);
            assertEquals(1, old.formatVersion());
            DatasetFile oldFile = old.files().get(0);
            assertEquals("video/long.bin", oldFile.path());
            assertEquals(6, oldFile.segments().size());
            ByteArrayOutputStream oldOut = new ByteArrayOutputStream();
            reader.copy(oldFile, oldOut);
            assertArrayEquals(Arrays.copyOf(expected, expected.length - tail.length), oldOut.toByteArray());

            // a manifest whose hash for segment 2 is wrong: the read stops there and says so
            List<TestManifests.Seg> lying = new ArrayList<>(segs.subList(0, 3));
            lying.set(2, new TestManifests.Seg(segs.get(2).blobId(), null, segs.get(1).data().length == 0 ? new byte[0]
                    : Arrays.copyOf(segs.get(2).data(), segs.get(2).data().length)));
            lying.get(2).data()[0] ^= 1;
            BlobId bad = store(TestManifests.v2("clips", "bad", List.of(TestManifests.file("x.bin", null, lying))));
            DatasetFile badFile = reader.manifest(bad).files().get(0);
            ReadException wrong = assertThrows(ReadException.class, () -> reader.copy(badFile, new ByteArrayOutputStream()));
            assertEquals(ReadException.Reason.INCONSISTENT, wrong.reason());
            assertTrue(wrong.getMessage().contains("segment 2 of 'x.bin'"), wrong.getMessage());

            NotAManifestException notOne = assertThrows(NotAManifestException.class, () -> reader.manifest(segs.get(0).blobId()));
            assertTrue(notOne.getMessage().contains(segs.get(0).blobId().base64Url()), notOne.getMessage());
            assertTrue(notOne.getMessage().contains("Avro object container"), notOne.getMessage());
        }
    }

    @Test
    void rangesOfOneBlob() throws Exception {
        byte[] data = Networks.random(200_000, 7);
        BlobId id = store(data);
        for (long[] r : new long[][] {{0, 1}, {0, 200_000}, {12_345, 50_000}, {199_999, 10}, {200_000, 5}}) {
            RangeRead read = client.readRange(id, r[0], r[1]);
            int end = (int) Math.min(data.length, r[0] + r[1]);
            assertArrayEquals(Arrays.copyOfRange(data, (int) r[0], end), read.data(), "range " + r[0] + "+" + r[1]);
            assertEquals(200_000, read.blobSize());
            assertFalse(read.fullDecode());
        }
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class, () -> client.readRange(id, 200_001, 1));
        assertTrue(past.getMessage().contains("200001"), past.getMessage());
    }
}

package dev.walrusstream.client;

import dev.walrusstream.testsupport.Networks;
import dev.walrusstream.client.dataset.BlobCache;
import dev.walrusstream.client.dataset.DatasetFile;
import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.client.dataset.DatasetVersion;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.Quilt;
import dev.walrusstream.codec.quilt.QuiltEncoder;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltPatch;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.crypto.Envelope;
import dev.walrusstream.crypto.EncryptionException;
import dev.walrusstream.crypto.KeySource;
import dev.walrusstream.crypto.KeySources;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encrypted blobs read back on a real network (10 nodes, 100 shards, LocalChain): plaintext ranges
 * fetch only the rows holding the touched chunks (counted on the wire against a full read of the same
 * blob), a wrong key is refused naming the key ID, a tampered envelope stored as its own blob fails
 * in the chunk that was altered while ranges elsewhere still read, and the dataset reader opens an
 * encrypted manifest, encrypted blob segments (whole and by range) and patches of an encrypted quilt.
 */
class EncryptedReadsIT {
    @TempDir
    static Path dir;
    static LocalNetwork network;
    static StorageClient client;
    static KeySource keys;
    static String keyId;

    @BeforeAll
    static void start() throws Exception {
        network = Networks.start(dir.resolve("net"), 10, 100);
        client = Clients.client(network);
        keyId = KeySources.generateKeyFile(dir.resolve("kek"));
        keys = KeySources.open("file:" + dir.resolve("kek"));
    }

    @AfterAll
    static void stop() {
        client.close();
        network.close();
    }

    static BlobId store(byte[] data) throws Exception {
        StoreResult r = client.store(data, StoreOptions.permanent(3));
        assertTrue(r.isStored(), r.toString());
        return r.blobId();
    }

    @Test
    void aRangeOfAnEncryptedBlobMovesOnlyTheRowsOfItsChunks() throws Exception {
        byte[] plain = Networks.random(16 << 20, 7);
        byte[] envelope = Envelope.create(keys).encrypt(plain);
        BlobId id = store(envelope);
        EncryptedReads reads = new EncryptedReads(client, keys);

        long before = client.bytesReceived();
        assertArrayEquals(plain, reads.read(id));
        long full = client.bytesReceived() - before;

        long from = 9L * (1 << 20) + 4321;
        long to = from + (1 << 20);
        before = client.bytesReceived();
        byte[] range = reads.readRange(id, from, to);
        long ranged = client.bytesReceived() - before;
        assertArrayEquals(Arrays.copyOfRange(plain, (int) from, (int) to), range);
        System.out.printf("encrypted range read: 1 MiB of a 16 MiB encrypted blob at n = 100 moved %,d bytes; a full "
                + "read moved %,d (%.1f%%)%n", ranged, full, 100.0 * ranged / full);
        assertTrue(ranged * 4 <= full, "a 1 MiB plaintext range moved " + ranged + " bytes, a full read " + full);

        EncryptedBlob open = reads.openRanges(id);
        assertEquals(plain.length, open.plaintextLength());
        assertEquals(keyId, open.keyId());
        int chunk = 1 << 16;
        long[][] cases = {{0, 10}, {chunk - 5, chunk + 5}, {plain.length - 100, plain.length}, {plain.length, plain.length},
                {3 * chunk, 5 * chunk}, {0, plain.length}};
        for (long[] c : cases) {
            assertArrayEquals(Arrays.copyOfRange(plain, (int) c[0], (int) c[1]), open.read(c[0], c[1]),
                    "range [" + c[0] + ", " + c[1] + ")");
        }
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> open.read(plain.length - 1, plain.length + 1));
        assertTrue(past.getMessage().contains(Integer.toString(plain.length)), past.getMessage());

        KeySource other = KeySources.open("file:" + otherKey());
        EncryptionException.KeyRefused refused = assertThrows(EncryptionException.KeyRefused.class,
                () -> new EncryptedReads(client, other).readRange(id, 0, 10));
        assertEquals(keyId, refused.keyId());
        assertTrue(refused.getMessage().contains(keyId), refused.getMessage());
    }

    @Test
    void aTamperedEnvelopeFailsInTheAlteredChunkOnly() throws Exception {
        byte[] plain = Networks.random(1 << 20, 8);
        byte[] envelope = Envelope.create(keys).encrypt(plain);
        int header = envelope.length - plain.length - 16 * 16;
        int chunk = 1 << 16;
        byte[] tampered = envelope.clone();
        int at = header + 5 * (chunk + 16) + 1000;
        tampered[at] ^= 0x01;
        BlobId id = store(tampered);
        EncryptedReads reads = new EncryptedReads(client, keys);

        EncryptionException.Tampered whole = assertThrows(EncryptionException.Tampered.class, () -> reads.read(id));
        assertEquals(5, whole.chunk());
        EncryptionException.Tampered ranged = assertThrows(EncryptionException.Tampered.class,
                () -> reads.readRange(id, 5L * chunk + 10, 5L * chunk + 20));
        assertEquals(5, ranged.chunk());
        assertArrayEquals(Arrays.copyOfRange(plain, 0, 4 * chunk), reads.readRange(id, 0, 4L * chunk),
                "chunks before the altered one still read by range");
        assertThrows(EncryptionException.Tampered.class, () -> reads.open(id).readAllBytes(), "the stream fails too");
    }

    @Test
    void theDatasetReaderOpensEncryptedManifestsSegmentsAndQuiltPatches() throws Exception {
        byte[] video = Networks.random(3 * (1 << 20) + 12_345, 9);
        int segment = 1 << 20;
        List<TestManifests.Seg> segs = new java.util.ArrayList<>();
        for (int i = 0; i * segment < video.length; i++) {
            byte[] part = Arrays.copyOfRange(video, i * segment, Math.min(video.length, (i + 1) * segment));
            segs.add(new TestManifests.Seg(store(Envelope.create(keys).encrypt(part)), null, part));
        }
        byte[] caption = "an encrypted caption\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Quilt quilt = QuiltEncoder.build(RedStuffParams.of(100), List.of(
                new QuiltPatch("captions/a.txt", Map.of("content-type", "text/plain"), caption),
                new QuiltPatch("captions/b.txt", Map.of(), Networks.random(7000, 3))));
        BlobId quiltId = store(Envelope.create(keys).encrypt(quilt.blob()));
        List<QuiltEntry> index = new EncryptedReads(client, keys).listQuiltPatches(quiltId);
        QuiltEntry a = index.stream().filter(e -> e.identifier().equals("captions/a.txt")).findFirst().orElseThrow();
        QuiltPatchId patchId = new QuiltPatchId(quiltId, a.startColumn(), a.endColumn());
        byte[] manifest = TestManifests.v2("films", "v1", List.of(
                TestManifests.file("video/clip.mp4", "video/mp4", segs),
                TestManifests.file("captions/a.txt", "text/plain", List.of(new TestManifests.Seg(quiltId, patchId, caption)))));
        BlobId manifestId = store(Envelope.create(keys).encrypt(manifest));

        try (DatasetReader reader = new DatasetReader(client, BlobCache.none(), 2, keys)) {
            DatasetVersion version = reader.manifest(manifestId);
            DatasetFile clip = version.file("video/clip.mp4").orElseThrow();
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            reader.copy(clip, whole);
            assertArrayEquals(video, whole.toByteArray());
            ByteArrayOutputStream across = new ByteArrayOutputStream();
            reader.copyRange(clip, segment - 1000, 2L * segment, across);
            assertArrayEquals(Arrays.copyOfRange(video, segment - 1000, 3 * segment - 1000), across.toByteArray(),
                    "a range across two segment boundaries");
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            reader.copy(version.file("captions/a.txt").orElseThrow(), text);
            assertArrayEquals(caption, text.toByteArray());
            assertEquals("text/plain", reader.patch(quiltId, "captions/a.txt").tags().get("content-type"));
        }

        try (DatasetReader keyless = new DatasetReader(client, BlobCache.none(), 2)) {
            EncryptionException.KeyRefused refused = assertThrows(EncryptionException.KeyRefused.class,
                    () -> keyless.manifest(manifestId));
            assertEquals(keyId, refused.keyId());
            assertTrue(refused.getMessage().contains(keyId) && refused.getMessage().contains(manifestId.toString()),
                    refused.getMessage());
            EncryptionException.KeyRefused patch = assertThrows(EncryptionException.KeyRefused.class,
                    () -> keyless.patch(patchId, null));
            assertEquals(keyId, patch.keyId());
        }
        // the manifest's segment `encryption` field: a declared envelope reads; a clear blob swapped in for it is refused
        byte[] clear = Networks.random(200_000, 11);
        byte[] sealed = Envelope.create(keys).encrypt(clear);
        BlobId sealedId = store(sealed);
        BlobId clearId = store(clear);
        dev.walrusstream.schemas.ManifestFile declared = TestManifests.file("declared.bin", "application/octet-stream",
                List.of(new TestManifests.Seg(sealedId, null, clear)));
        dev.walrusstream.schemas.ManifestFile swapped = TestManifests.file("swapped.bin", "application/octet-stream",
                List.of(new TestManifests.Seg(clearId, null, clear)));
        dev.walrusstream.crypto.EnvelopeHeader header = dev.walrusstream.crypto.EnvelopeHeader.parse(sealed);
        dev.walrusstream.schemas.Encryption encryption = dev.walrusstream.schemas.Encryption.newBuilder()
                .setKeyId(header.wrappedKey().keyId()).setWrappedKey(java.nio.ByteBuffer.wrap(header.wrappedKey().bytes()))
                .setPlaintextSize(clear.length).build();
        declared.getSegments().get(0).put("encryption", encryption);
        swapped.getSegments().get(0).put("encryption", encryption);
        BlobId declaringManifest = store(TestManifests.v2("declared", "v1", List.of(declared, swapped)));
        try (DatasetReader reader = new DatasetReader(client, BlobCache.none(), 2, keys)) {
            DatasetVersion version = reader.manifest(declaringManifest);
            DatasetFile file = version.file("declared.bin").orElseThrow();
            assertEquals(keyId, file.segments().get(0).encryptedWith(), "the reader sees the manifest's field");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.copy(file, out);
            assertArrayEquals(clear, out.toByteArray());
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            reader.copyRange(file, 70_000, 1000, part);
            assertArrayEquals(Arrays.copyOfRange(clear, 70_000, 71_000), part.toByteArray());
            DatasetFile downgrade = version.file("swapped.bin").orElseThrow();
            ReadException refused = assertThrows(ReadException.class, () -> reader.copy(downgrade, new ByteArrayOutputStream()));
            assertEquals(ReadException.Reason.INCONSISTENT, refused.reason());
            assertTrue(refused.getMessage().contains("not an encrypted envelope") && refused.getMessage().contains(keyId),
                    refused.getMessage());
        }

        try (DatasetReader wrong = new DatasetReader(client, BlobCache.none(), 2, KeySources.open("file:" + otherKey()))) {
            EncryptionException.KeyRefused refused = assertThrows(EncryptionException.KeyRefused.class,
                    () -> wrong.manifest(manifestId));
            assertEquals(keyId, refused.keyId());
        }
    }

    static Path otherKey() throws Exception {
        Path other = dir.resolve("other.kek");
        if (!java.nio.file.Files.exists(other)) {
            KeySources.generateKeyFile(other);
        }
        return other;
    }
}

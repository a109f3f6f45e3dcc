package dev.walrusstream.job.manifest;

import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestCodec;
import dev.walrusstream.schemas.ManifestFile;
import dev.walrusstream.sink.serde.CodecSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionManifestsTest {
    private final VersionManifests manifests = new VersionManifests();

    /** Keeps state the way the operator does: every value goes through its serializer. */
    static final CodecSerializer<FileState> FILES = new CodecSerializer<>(new FileStateCodec());
    static final CodecSerializer<VersionStatus> STATUS = new CodecSerializer<>(new VersionStatusCodec());

    static final class MemoryStore implements VersionManifests.Store {
        final Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] status;
        final Map<String, Long> markers = new LinkedHashMap<>();

        @Override
        public FileState file(String uploadId) throws IOException {
            byte[] b = files.get(uploadId);
            return b == null ? null : FILES.deserialize(new DataInputDeserializer(b));
        }

        @Override
        public void put(FileState file) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            FILES.serialize(file, out);
            files.put(file.uploadId(), out.getCopyOfBuffer());
        }

        @Override
        public Iterable<FileState> files() throws IOException {
            List<FileState> all = new ArrayList<>();
            for (String id : files.keySet()) {
                all.add(file(id));
            }
            return all;
        }

        @Override
        public VersionStatus status() throws IOException {
            return status == null ? null : STATUS.deserialize(new DataInputDeserializer(status));
        }

        @Override
        public void status(VersionStatus s) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            STATUS.serialize(s, out);
            status = out.getCopyOfBuffer();
        }

        @Override
        public void markerCopy(String markerId, int partition, long timestamp) {
            markers.put(markerId + "#" + partition, timestamp);
        }

        @Override
        public void clearFiles() {
            files.clear();
            markers.clear();
        }

        @Override
        public List<Long> markerCopies(String markerId) {
            return markers.entrySet().stream().filter(e -> e.getKey().startsWith(markerId + "#")).map(Map.Entry::getValue).toList();
        }
    }

    static VersionEvent declared(String upload, String path, byte[] sha) {
        VersionEvent e = base(VersionEvent.Kind.DECLARED, upload);
        e.path = path;
        e.sha256 = sha;
        e.contentType = "video/mp4";
        e.attributes.put("samples", "12");
        return e;
    }

    static VersionEvent certified(String upload, int segment, int segments, long size) {
        VersionEvent e = base(VersionEvent.Kind.CERTIFIED, upload);
        e.segment = segment;
        e.segments = segments;
        e.size = size;
        e.sha256 = sha((byte) segment);
        e.blobId = "blob-" + upload + "-" + segment;
        e.objectId = "0x" + segment;
        e.endEpoch = 10 + segment;
        e.ok = true;
        return e;
    }

    static VersionEvent marker(String id, int partition, int partitions, long ts) {
        VersionEvent e = base(VersionEvent.Kind.MARKER, id);
        e.markerId = id;
        e.partition = partition;
        e.partitions = partitions;
        e.timestamp = ts;
        return e;
    }

    static VersionEvent base(VersionEvent.Kind kind, String upload) {
        VersionEvent e = new VersionEvent();
        e.kind = kind;
        e.dataset = "footage";
        e.datasetVersion = "v1";
        e.uploadId = upload;
        return e;
    }

    static byte[] sha(byte b) {
        byte[] s = new byte[32];
        s[0] = b;
        return s;
    }

    @Test
    void closesOnlyOnceEveryFileDeclaredBeforeTheMarkerIsCertifiedAndOnlyOnce() throws Exception {
        MemoryStore store = new MemoryStore();
        assertNull(manifests.apply(declared("b", "clips/b.mp4", sha((byte) 9)), store));
        assertNull(manifests.apply(certified("b", 0, 0, 100), store));
        assertNull(manifests.apply(declared("a", "a.json", null), store));
        assertNull(manifests.apply(marker("m", 1, 2, 500), store));
        assertNull(manifests.apply(marker("m", 1, 2, 500), store), "a copy read twice counts once");
        assertNull(manifests.apply(marker("m", 0, 2, 700), store), "sealed, but b and a are not certified yet");
        assertTrue(store.status().sealed());
        assertEquals(2, store.status().unsettled());
        assertNull(manifests.apply(declared("late", "late.bin", sha((byte) 3)), store), "declared after the seal");
        assertNull(manifests.apply(certified("late", 0, 1, 5), store));
        assertNull(manifests.apply(certified("b", 1, 2, 40), store));
        DatasetManifest m = manifests.apply(certified("a", 0, 1, 7), store);
        assertNotNull(m, "the last certification closes the version");
        assertTrue(m.getClosed());
        assertEquals(2, m.getFormatVersion());
        assertEquals(700, m.getCreatedAt().toEpochMilli(), "created at the latest copy of the marker");
        assertEquals(List.of("a.json", "clips/b.mp4"), m.getFiles().stream().map(ManifestFile::getPath).toList());
        ManifestFile b = m.getFiles().get(1);
        assertEquals(140, b.getSize());
        assertArrayEquals(sha((byte) 9), b.getSha256().bytes());
        assertEquals(2, b.getSegments().size());
        assertEquals(100, b.getSegments().get(1).getOffset());
        assertEquals("blob-b-1", b.getSegments().get(1).getBlobId());
        assertEquals(12L, b.getSamples());
        assertArrayEquals(sha((byte) 0), m.getFiles().get(0).getSha256().bytes(), "a one-blob file's hash is its blob's");
        assertEquals(10, m.getEndEpoch());
        assertEquals(1, store.status().lateFiles());

        assertNull(manifests.apply(certified("a", 0, 1, 7), store), "a replayed receipt changes nothing");
        assertNull(manifests.apply(marker("m2", 0, 1, 900), store), "a second close is a no-op");
        assertNull(manifests.snapshot("footage", "v1", 1000, store), "no snapshots of a closed version");
        assertTrue(store.files.isEmpty() && store.markers.isEmpty(), "a closed version keeps only its status");
        assertNull(manifests.apply(declared("later", "later.bin", sha((byte) 4)), store));
        assertEquals(2, store.status().lateFiles());
        assertTrue(store.files.isEmpty());
    }

    static dev.walrusstream.schemas.Encryption encryption(String keyId) {
        return dev.walrusstream.schemas.Encryption.newBuilder().setFormat(1).setKeyId(keyId).setWrapAlgorithm(1)
                .setWrappedKey(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                        17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40}))
                .setChunkSize(65536).setPlaintextSize(40).build();
    }

    static VersionEvent renewed(String upload, int segment, String objectId, int endEpoch) {
        VersionEvent e = base(VersionEvent.Kind.RENEWED, upload);
        e.segment = segment;
        e.objectId = objectId;
        e.endEpoch = endEpoch;
        return e;
    }

    @Test
    void segmentsCarryTheirEndEpochAndEncryptionAndARenewalGoesIntoTheNextSnapshot() throws Exception {
        MemoryStore store = new MemoryStore();
        manifests.apply(declared("enc", "secret.bin", sha((byte) 5)), store);
        VersionEvent first = certified("enc", 0, 2, 30);
        first.encryption = encryption("kek-2026");
        manifests.apply(first, store);
        manifests.apply(certified("enc", 1, 2, 10), store); // the second segment in clear
        manifests.apply(declared("plain", "plain.bin", sha((byte) 6)), store);
        manifests.apply(certified("plain", 0, 1, 4), store);

        DatasetManifest s1 = manifests.snapshot("footage", "v1", 100, store);
        assertNotNull(s1);
        ManifestFile enc = s1.getFiles().stream().filter(f -> f.getPath().equals("secret.bin")).findFirst().orElseThrow();
        assertEquals(10, enc.getSegments().get(0).getEndEpoch());
        assertEquals(11, enc.getSegments().get(1).getEndEpoch());
        assertEquals(encryption("kek-2026"), enc.getSegments().get(0).getEncryption(), "the receipt's encryption");
        assertNull(enc.getSegments().get(1).getEncryption(), "a clear segment has none");
        assertEquals(10, s1.getEndEpoch(), "the earliest end epoch");
        assertNull(manifests.snapshot("footage", "v1", 200, store), "nothing changed, no snapshot");

        // the keeper renewed segment 0 of 'enc' and 'plain': the next snapshot has the new end epochs
        assertNull(manifests.apply(renewed("enc", 0, "0x0", 15), store));
        assertNull(manifests.apply(renewed("plain", 0, "0x0", 15), store));
        assertNull(manifests.apply(renewed("plain", 0, "0xother", 99), store), "another object: ignored");
        assertNull(manifests.apply(renewed("nobody", 0, "0x0", 99), store), "an unknown upload: ignored");
        DatasetManifest s2 = manifests.snapshot("footage", "v1", 300, store);
        assertNotNull(s2, "a renewal makes a new snapshot");
        ManifestFile enc2 = s2.getFiles().stream().filter(f -> f.getPath().equals("secret.bin")).findFirst().orElseThrow();
        assertEquals(15, enc2.getSegments().get(0).getEndEpoch());
        assertEquals(11, enc2.getSegments().get(1).getEndEpoch());
        assertEquals(encryption("kek-2026"), enc2.getSegments().get(0).getEncryption(), "a renewal keeps the encryption");
        assertEquals(11, s2.getEndEpoch(), "the earliest end epoch moved with the renewals");
        assertNull(manifests.apply(renewed("enc", 0, "0x0", 14), store), "an older renewal replayed: ignored");
        assertNull(manifests.snapshot("footage", "v1", 400, store));
        // the manifest bytes carry both fields through the Avro container
        DatasetManifest back = ManifestCodec.fromBytes(ManifestCodec.toBytes(s2));
        assertEquals(s2, back);
    }

    @Test
    void aFailedUploadDoesNotHoldTheCloseAndIsNotListed() throws Exception {
        MemoryStore store = new MemoryStore();
        manifests.apply(declared("ok", "ok.bin", sha((byte) 1)), store);
        manifests.apply(declared("bad", "bad.bin", sha((byte) 2)), store);
        manifests.apply(certified("ok", 0, 1, 3), store);
        assertNull(manifests.apply(marker("m", 0, 1, 1), store));
        VersionEvent failed = base(VersionEvent.Kind.FAILED, "bad");
        failed.problem = "CHECKSUM_MISMATCH: upload bad has SHA-256 ...";
        DatasetManifest m = manifests.apply(failed, store);
        assertNotNull(m);
        assertEquals(List.of("ok.bin"), m.getFiles().stream().map(ManifestFile::getPath).toList());
    }

    @Test
    void anEmptyVersionClosesAtOnce() throws Exception {
        MemoryStore store = new MemoryStore();
        assertNull(manifests.apply(marker("m", 0, 3, 1), store));
        assertNull(manifests.apply(marker("m", 2, 3, 1), store));
        DatasetManifest m = manifests.apply(marker("m", 1, 3, 1), store);
        assertNotNull(m);
        assertEquals(0, m.getFiles().size());
    }

    @Test
    void replayingTheSameEventsGivesTheSameBytes() throws Exception {
        byte[][] bytes = new byte[2][];
        for (int run = 0; run < 2; run++) {
            MemoryStore store = new MemoryStore();
            // the second run sees receipts before declarations and copies in another order
            List<VersionEvent> events = new ArrayList<>(List.of(declared("x", "x.bin", sha((byte) 1)),
                    declared("y", "y.bin", sha((byte) 2)), certified("x", 0, 1, 10), certified("y", 0, 1, 20),
                    marker("m", 0, 2, 50), marker("m", 1, 2, 60)));
            if (run == 1) {
                java.util.Collections.swap(events, 0, 2);
                java.util.Collections.swap(events, 4, 5);
            }
            DatasetManifest m = null;
            for (VersionEvent e : events) {
                DatasetManifest out = manifests.apply(e, store);
                if (out != null) {
                    m = out;
                }
            }
            assertNotNull(m);
            bytes[run] = ManifestCodec.toBytes(m);
            assertEquals(m, ManifestCodec.fromBytes(bytes[run]));
        }
        assertArrayEquals(bytes[0], bytes[1], "the manifest blob, hence its blob ID, is the same on replay");
    }

    @Test
    void snapshotsListWhatIsCertifiedWhenSomethingChanged() throws Exception {
        MemoryStore store = new MemoryStore();
        manifests.apply(declared("x", "x.bin", sha((byte) 1)), store);
        manifests.apply(declared("y", "y.bin", sha((byte) 2)), store);
        manifests.apply(certified("x", 0, 1, 10), store);
        DatasetManifest s = manifests.snapshot("footage", "v1", 1234, store);
        assertNotNull(s);
        assertFalse(s.getClosed());
        assertEquals(List.of("x.bin"), s.getFiles().stream().map(ManifestFile::getPath).toList());
        assertNull(manifests.snapshot("footage", "v1", 2000, store), "nothing changed since");
    }

    @Test
    void corruptStateIsRefusedByName() {
        DataInputDeserializer in = new DataInputDeserializer(new byte[]{0, 0, 0, 1, 'u', 1, 0x7f, 0, 0, 0});
        IOException e = assertThrows(IOException.class, () -> FILES.deserialize(in));
        assertTrue(e.getMessage().contains("file.path"), e.getMessage());
    }

    @Test
    void notAManifestIsRefused() {
        IOException e = assertThrows(IOException.class, () -> ManifestCodec.fromBytes("hello".getBytes()));
        assertTrue(e.getMessage().contains("not a dataset manifest"), e.getMessage());
    }
}

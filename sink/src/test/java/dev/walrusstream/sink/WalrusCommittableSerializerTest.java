package dev.walrusstream.sink;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.codec.BlobId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalrusCommittableSerializerTest {
    private final WalrusCommittableSerializer serializer = new WalrusCommittableSerializer();

    static BlobPart part(String upload, int segment, String sourceName, Map<String, String> attributes) {
        BlobPart p = BlobPart.builder()
                .uploadId(upload)
                .segment(segment)
                .segments(segment + 2)
                .sourceName(sourceName)
                .contentType("application/x-test")
                .dataset("ds")
                .datasetVersion("v7")
                .attributes(new HashMap<>(attributes))
                .identifier("id-" + upload)
                .startColumn(3)
                .endColumn(9)
                .size(123_456_789L)
                .sha256(sha(0x42))
                .source("walrus.chunks", 5, 1000, 1099)
                .build();
        return p;
    }

    static byte[] sha(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    static WalrusCommittable ready(List<BlobPart> parts) {
        byte[] blob = new byte[32];
        Arrays.fill(blob, (byte) 7);
        byte[] object = new byte[32];
        Arrays.fill(object, (byte) 9);
        return new WalrusCommittable("quilt:u+1", BlobId.of(blob), ObjectId.of(object), true, 4242, 99_999, true, 3, 17,
                WalrusCommittable.Status.READY, null, new StorageCertificate(new byte[]{1, 2, 3}, new byte[]{(byte) 0xff},
                new byte[]{4, 5, 6, 7}), 0, parts);
    }

    static void assertPartsEqual(BlobPart a, BlobPart b) {
        assertEquals(a.uploadId(), b.uploadId());
        assertEquals(a.segment(), b.segment());
        assertEquals(a.segments(), b.segments());
        assertEquals(a.sourceName(), b.sourceName());
        assertEquals(a.contentType(), b.contentType());
        assertEquals(a.dataset(), b.dataset());
        assertEquals(a.datasetVersion(), b.datasetVersion());
        assertEquals(a.attributes(), b.attributes());
        assertEquals(a.identifier(), b.identifier());
        assertEquals(a.startColumn(), b.startColumn());
        assertEquals(a.endColumn(), b.endColumn());
        assertEquals(a.size(), b.size());
        assertArrayEquals(a.sha256(), b.sha256());
        assertEquals(a.topic(), b.topic());
        assertEquals(a.partition(), b.partition());
        assertEquals(a.firstOffset(), b.firstOffset());
        assertEquals(a.lastOffset(), b.lastOffset());
    }

    static void assertCommittablesEqual(WalrusCommittable a, WalrusCommittable b) {
        assertEquals(a.name(), b.name());
        assertEquals(a.blobId(), b.blobId());
        assertEquals(a.objectId(), b.objectId());
        assertEquals(a.quilt(), b.quilt());
        assertEquals(a.size(), b.size());
        assertEquals(a.encodedSize(), b.encodedSize());
        assertEquals(a.deletable(), b.deletable());
        assertEquals(a.startEpoch(), b.startEpoch());
        assertEquals(a.endEpoch(), b.endEpoch());
        assertEquals(a.status(), b.status());
        assertEquals(a.failure(), b.failure());
        assertEquals(a.certificate(), b.certificate());
        assertEquals(a.certifiedAtMillis(), b.certifiedAtMillis());
        assertEquals(a.parts().size(), b.parts().size());
        for (int i = 0; i < a.parts().size(); i++) {
            assertPartsEqual(a.parts().get(i), b.parts().get(i));
        }
    }

    private WalrusCommittable roundTrip(WalrusCommittable c) throws IOException {
        return serializer.deserialize(serializer.getVersion(), serializer.serialize(c));
    }

    @Test
    void everyFieldOfAReadyCommittableRoundTrips() throws IOException {
        WalrusCommittable c = ready(List.of(part("u", 0, "a/b.txt", Map.of("k", "v", "ü", "ß")), part("w", 1, null, Map.of())));
        assertCommittablesEqual(c, roundTrip(c));
    }

    @Test
    void everySettledStatusAndAFailureRoundTrip() throws IOException {
        WalrusCommittable ready = ready(List.of(part("u", 0, "s", Map.of())));
        for (WalrusCommittable.Status s : WalrusCommittable.Status.values()) {
            WalrusCommittable.Failure failure = s == WalrusCommittable.Status.ERROR
                    ? new WalrusCommittable.Failure("register", "blob too large") : null;
            WalrusCommittable c = ready.settled(s, null, 4, 20, failure, 1_764_755_000_000L);
            assertCommittablesEqual(c, roundTrip(c));
        }
        WalrusCommittable noIds = new WalrusCommittable("x/0", null, null, false, 1, 0, false, -1, -1,
                WalrusCommittable.Status.ERROR, new WalrusCommittable.Failure("encode", "too large"), null, 5, List.of());
        assertCommittablesEqual(noIds, roundTrip(noIds));
    }

    @Test
    void stringsOfOneMebibyteAndMoreRoundTrip() throws IOException {
        String big = "é".repeat(512 * 1024) + "x"; // 1 MiB + 1 byte of UTF-8, far above writeUTF's 64 KiB
        String bigValue = "v".repeat(1024 * 1024);
        WalrusCommittable c = ready(List.of(part("u", 0, big, Map.of(big, bigValue, "small", bigValue))));
        WalrusCommittable back = roundTrip(c);
        assertEquals(big, back.parts().get(0).sourceName());
        assertEquals(bigValue, back.parts().get(0).attributes().get(big));
        assertCommittablesEqual(c, back);
    }

    @Test
    void statusCodesAreStableAndUnique() {
        assertEquals(1, WalrusCommittable.Status.READY.code());
        assertEquals(2, WalrusCommittable.Status.NEWLY_CREATED.code());
        assertEquals(3, WalrusCommittable.Status.ALREADY_CERTIFIED.code());
        assertEquals(4, WalrusCommittable.Status.MARKED_INVALID.code());
        assertEquals(5, WalrusCommittable.Status.ERROR.code());
        for (WalrusCommittable.Status s : WalrusCommittable.Status.values()) {
            assertEquals(s, WalrusCommittable.Status.ofCode(s.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> WalrusCommittable.Status.ofCode(0));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WalrusCommittableSerializerTest.class.getResourceAsStream("/committable/" + name)) {
            if (in == null) {
                throw new IOException("test resource /committable/" + name + " is missing");
            }
            return in.readAllBytes();
        }
    }

    /** Written by the version-1 serializer of the previous build (see committable/GenerateV1.java.txt). */
    @Test
    void aVersionOneReadyQuiltFromThePreviousBuildRestores() throws IOException {
        WalrusCommittable c = serializer.deserialize(1, resource("v1-ready-quilt.bin"));
        assertEquals("quilt:upload-a+1", c.name());
        assertEquals(BlobId.parse("M5aC0t2qpTj2aHMq7xH0Cq4d3eT0hXo2cVw8bq1zP0E"), c.blobId());
        assertEquals(ObjectId.parse("0x00000000000000000000000000000000000000000000000000000000000000a7"), c.objectId());
        assertTrue(c.quilt());
        assertEquals(123456, c.size());
        assertEquals(9876543, c.encodedSize());
        assertTrue(c.deletable());
        assertEquals(3, c.startEpoch());
        assertEquals(8, c.endEpoch());
        assertEquals(WalrusCommittable.Status.READY, c.status());
        assertNull(c.failure());
        byte[] signature = new byte[96];
        for (int i = 0; i < 96; i++) {
            signature[i] = (byte) i;
        }
        assertEquals(new StorageCertificate(signature, new byte[]{(byte) 0xff, 0x03}, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9}),
                c.certificate());
        assertEquals(0, c.certifiedAtMillis());
        assertEquals(2, c.parts().size());
        BlobPart p = c.parts().get(0);
        assertEquals("upload-a", p.uploadId());
        assertEquals("photos/cat.jpg", p.sourceName());
        assertEquals("image/jpeg", p.contentType());
        assertEquals("pets", p.dataset());
        assertEquals("v1", p.datasetVersion());
        assertEquals(Map.of("camera", "x100", "lens", "23mm"), p.attributes());
        assertEquals("photos/cat.jpg", p.identifier());
        assertEquals(0, p.startColumn());
        assertEquals(2, p.endColumn());
        assertEquals(100000, p.size());
        byte[] sha = new byte[32];
        Arrays.fill(sha, (byte) 0x5a);
        assertArrayEquals(sha, p.sha256());
        assertEquals("walrus.chunks", p.topic());
        assertEquals(2, p.partition());
        assertEquals(40, p.firstOffset());
        assertEquals(41, p.lastOffset());
        BlobPart q = c.parts().get(1);
        assertEquals("notes/ünïcode.txt", q.sourceName());
        assertNull(q.contentType());
        assertNull(q.sha256());
        assertEquals(2, q.startColumn());
        assertEquals(3, q.endColumn());
        // and it goes on in the current format
        assertCommittablesEqual(c, roundTrip(c));
    }

    @Test
    void aVersionOneErrorSegmentFromThePreviousBuildRestores() throws IOException {
        WalrusCommittable c = serializer.deserialize(1, resource("v1-error-segment.bin"));
        assertEquals("upload-c/4", c.name());
        assertEquals(WalrusCommittable.Status.ERROR, c.status());
        assertEquals(new WalrusCommittable.Failure("register", "blob too large for the network"), c.failure());
        assertNull(c.objectId());
        assertNull(c.certificate());
        assertEquals(1764755000000L, c.certifiedAtMillis());
        assertEquals(1, c.parts().size());
        assertEquals("big.bin", c.parts().get(0).sourceName());
        assertEquals(100, c.parts().get(0).firstOffset());
        assertEquals(120, c.parts().get(0).lastOffset());
        assertCommittablesEqual(c, roundTrip(c));
    }

    @Test
    void unknownVersionsAndCorruptLengthsAreRefusedWithTheValues() throws IOException {
        byte[] bytes = serializer.serialize(ready(List.of()));
        IOException v = assertThrows(IOException.class, () -> serializer.deserialize(9, bytes));
        assertTrue(v.getMessage().contains("version 9"), v.getMessage());
        byte[] corrupt = bytes.clone();
        corrupt[0] = 0x7f; // the name's length becomes ~2 GB
        IOException c = assertThrows(IOException.class, () -> serializer.deserialize(2, corrupt));
        assertTrue(c.getMessage().contains("'name'"), c.getMessage());
    }

    @Test
    void committablesAndTheirPartsAreImmutable() {
        BlobPart p = part("u", 0, "before", Map.of("k", "v"));
        java.util.List<BlobPart> list = new java.util.ArrayList<>(List.of(p));
        WalrusCommittable c = ready(list);
        list.clear();
        assertEquals(1, c.parts().size(), "the committable keeps its own list");
        assertThrows(UnsupportedOperationException.class, () -> c.parts().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.parts().get(0).attributes().put("k", "changed"));
        c.parts().get(0).sha256()[0] = 1;
        assertEquals(0x42, c.parts().get(0).sha256()[0], "the SHA-256 accessor hands out a copy");
        assertEquals("before", c.parts().get(0).sourceName());
        assertThrows(IllegalArgumentException.class, () -> new WalrusCommittable("n", null, null, false, 0, 0, false, -1, -1,
                WalrusCommittable.Status.READY, null, null, 0, List.of()));
    }
}

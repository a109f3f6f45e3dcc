package dev.walrusstream.job.flink;

import dev.walrusstream.job.manifest.VersionEvent;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.KafkaProvenance;
import dev.walrusstream.schemas.ReceiptKind;
import dev.walrusstream.schemas.Sha256;
import dev.walrusstream.schemas.StoreError;
import dev.walrusstream.schemas.StoreStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReceiptEventsTest {
    private static BlobReceipt.Builder receipt() {
        return BlobReceipt.newBuilder().setUploadId("u1").setKind(ReceiptKind.UPLOAD).setSegment(2).setSegments(3)
                .setDataset("footage").setDatasetVersion("v1").setBlobId("B").setQuiltPatchId(null).setObjectId("0x1")
                .setSize(99).setSha256(new Sha256(new byte[32])).setEndEpoch(7).setStatus(StoreStatus.ALREADY_CERTIFIED)
                .setSource(KafkaProvenance.newBuilder().setTopic("t").setPartition(0).setFirstOffset(0).setLastOffset(0).build());
    }

    @Test
    void anUploadReceiptOfADatasetBecomesACertifiedEvent() {
        VersionEvent e = ReceiptEvents.of(receipt().build());
        assertEquals(VersionEvent.Kind.CERTIFIED, e.kind);
        assertEquals("u1", e.uploadId);
        assertEquals(2, e.segment);
        assertEquals(3, e.segments);
        assertEquals(99, e.size);
        assertEquals("B", e.blobId);
        assertEquals(7, e.endEpoch);
        assertTrue(e.ok);
        assertEquals(VersionEvent.key("footage", "v1"), e.versionKey());
        assertEquals(null, e.encryption, "a clear blob");
        dev.walrusstream.schemas.Encryption enc = dev.walrusstream.schemas.Encryption.newBuilder().setKeyId("kek")
                .setWrappedKey(java.nio.ByteBuffer.wrap(new byte[40])).setPlaintextSize(99).build();
        assertEquals(enc, ReceiptEvents.of(receipt().setEncryption(enc).build()).encryption,
                "the sink's encryption travels to the manifest");
    }

    @Test
    void manifestReceiptsAndReceiptsWithoutADatasetAreNotTheBuildersBusiness() {
        assertNull(ReceiptEvents.of(receipt().setKind(ReceiptKind.MANIFEST).setSourceName("manifest-snapshot").build()),
                "snapshots are not kept");
        VersionEvent manifest = ReceiptEvents.of(receipt().setKind(ReceiptKind.MANIFEST).setSourceName("manifest")
                .setObjectId("0x0a").build());
        assertEquals(VersionEvent.Kind.MANIFEST_STORED, manifest.kind, "the final manifest blob, for the keeper");
        assertEquals("0x0a", manifest.objectId);
        assertEquals(7, manifest.endEpoch);
        assertNull(ReceiptEvents.of(receipt().setDataset(null).build()));
    }

    @Test
    void aFailedStoreIsNotOkAndSaysWhy() {
        VersionEvent e = ReceiptEvents.of(receipt().setStatus(StoreStatus.ERROR)
                .setError(StoreError.newBuilder().setPhase("register").setReason("no funds").build()).build());
        assertFalse(e.ok);
        assertTrue(e.problem.contains("register") && e.problem.contains("no funds"), e.problem);
    }

    @Test
    void versionKeysCannotCollide() {
        assertFalse(VersionEvent.key("a/b", "c").equals(VersionEvent.key("a", "b/c")));
    }
}

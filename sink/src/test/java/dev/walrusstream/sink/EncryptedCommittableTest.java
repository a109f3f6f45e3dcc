package dev.walrusstream.sink;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.schemas.BlobReceipt;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encryption fields survive checkpoints (serializer v3, v2 still read) and reach the receipts. */
class EncryptedCommittableTest {

    static WalrusCommittable committable(boolean encrypted) {
        BlobPart p = BlobPart.builder()
                .uploadId("u")
                .segments(1)
                .size(1100)
                .sha256(new byte[32])
                .topic("walrus.chunks")
                .build();
        byte[] wrapped = new byte[40];
        wrapped[3] = 7;
        WalrusCommittable c = new WalrusCommittable("u/0", BlobId.of(new byte[32]), ObjectId.of(new byte[32]), false,
                1234, 99_000, false, 1, 6, WalrusCommittable.Status.NEWLY_CREATED, null, null, 1_764_755_000_000L,
                List.of(p));
        return encrypted ? c.withEncryption(new WalrusCommittable.Encryption("kek-0011223344556677", 1, wrapped, 65536,
                1100)) : c;
    }

    @Test
    void encryptionFieldsSurviveTheCheckpointSerializer() throws Exception {
        WalrusCommittableSerializer s = new WalrusCommittableSerializer();
        assertEquals(3, s.getVersion());
        WalrusCommittable back = s.deserialize(3, s.serialize(committable(true)));
        assertEquals(committable(true).encryption(), back.encryption());
        assertEquals("kek-0011223344556677", back.encryption().keyId());
        assertEquals(1100, back.encryption().plaintextSize());
        assertNull(s.deserialize(3, s.serialize(committable(false))).encryption());
        WalrusCommittable settled = committable(true).settled(WalrusCommittable.Status.ALREADY_CERTIFIED, null, 1, 9,
                null, 1L);
        assertEquals(committable(true).encryption(), settled.encryption(), "settling keeps the encryption");
    }

    @Test
    void version2CheckpointsStillRead() throws Exception {
        WalrusCommittableSerializer s = new WalrusCommittableSerializer();
        byte[] v3 = s.serialize(committable(false));
        // version 2 is version 3 without the trailing encryption presence flag
        byte[] v2 = java.util.Arrays.copyOf(v3, v3.length - 1);
        WalrusCommittable back = s.deserialize(2, v2);
        assertEquals("u/0", back.name());
        assertNull(back.encryption());
        assertThrows(java.io.IOException.class, () -> s.deserialize(9, v3));
    }

    @Test
    void receiptsCarryTheWrappedKeyAndKeyId() {
        BlobReceipt r = ReceiptMapper.receipts(committable(true)).get(0);
        assertEquals(1, r.getEncryption().getFormat());
        assertEquals("kek-0011223344556677", r.getEncryption().getKeyId());
        assertEquals(40, r.getEncryption().getWrappedKey().remaining());
        assertEquals(1100, r.getEncryption().getPlaintextSize());
        assertNull(ReceiptMapper.receipts(committable(false)).get(0).getEncryption());
    }

    @Test
    void encryptionSettingsRefuseBadValuesNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EncryptionSettings.of("file:/k", 3000))
                .getMessage().contains("3000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EncryptionSettings.of(" ", 65536))
                .getMessage().contains("encryption.key-source"));
        assertEquals(16, EncryptionSettings.of("file:/k", 65536).chunkSizeLog2());
    }
}

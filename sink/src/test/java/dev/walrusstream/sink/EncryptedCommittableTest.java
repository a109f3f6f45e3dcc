package dev.walrusstream.sink;

import dev.walrusstream.schemas.BlobReceipt;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encryption fields survive checkpoints (serializer v2, v1 still read) and reach the receipts. */
class EncryptedCommittableTest {

    static WalrusCommittable committable(boolean encrypted) {
        WalrusCommittable c = new WalrusCommittable();
        c.name = "u/0";
        c.blobId = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        c.objectId = "0x" + "ab".repeat(32);
        c.size = 1234;
        c.encodedSize = 99_000;
        c.status = WalrusCommittable.Status.NEWLY_CREATED;
        c.startEpoch = 1;
        c.endEpoch = 6;
        BlobPart p = new BlobPart();
        p.uploadId = "u";
        p.segments = 1;
        p.size = 1100;
        p.sha256 = new byte[32];
        p.topic = "walrus.chunks";
        c.parts = List.of(p);
        if (encrypted) {
            c.encryptionKeyId = "kek-0011223344556677";
            c.encryptionWrapAlgorithm = 1;
            c.encryptionWrappedKey = new byte[40];
            c.encryptionWrappedKey[3] = 7;
            c.encryptionChunkSize = 65536;
            c.plaintextSize = 1100;
        }
        return c;
    }

    @Test
    void encryptionFieldsSurviveTheCheckpointSerializer() throws Exception {
        WalrusCommittableSerializer s = new WalrusCommittableSerializer();
        assertEquals(2, s.getVersion());
        WalrusCommittable back = s.deserialize(2, s.serialize(committable(true)));
        assertEquals("kek-0011223344556677", back.encryptionKeyId);
        assertArrayEquals(committable(true).encryptionWrappedKey, back.encryptionWrappedKey);
        assertEquals(65536, back.encryptionChunkSize);
        assertEquals(1100, back.plaintextSize);
        assertFalse(s.deserialize(2, s.serialize(committable(false))).encrypted());
    }

    @Test
    void version1CheckpointsStillRead() throws Exception {
        WalrusCommittableSerializer s = new WalrusCommittableSerializer();
        byte[] v2 = s.serialize(committable(false));
        // version 1 is version 2 without the trailing encryption fields
        int tail = 1 + 4 + 4 + 4 + 8;
        byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - tail);
        WalrusCommittable back = s.deserialize(1, v1);
        assertEquals("u/0", back.name);
        assertFalse(back.encrypted());
        assertThrows(java.io.IOException.class, () -> s.deserialize(3, v2));
    }

    @Test
    void receiptsCarryTheWrappedKeyAndKeyId() {
        BlobReceipt r = ReceiptMapper.receipts(committable(true)).get(0);
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

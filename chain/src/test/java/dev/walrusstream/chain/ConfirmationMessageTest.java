package dev.walrusstream.chain;

import dev.walrusstream.codec.ids.ObjectId;

import dev.walrusstream.codec.BlobId;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The confirmation message layout of walrus-core's storage_confirmation tests (epoch 21, blob ID [7; 32]). */
class ConfirmationMessageTest {
    private static final BlobId BLOB = BlobId.of(filled(7));

    @Test
    void permanentIs40Bytes() {
        byte[] m = new ConfirmationMessage(21, BLOB, PersistenceType.Permanent.INSTANCE).toBcs();
        assertEquals(40, m.length);
        assertArrayEquals(new byte[] {1, 0, 3}, Arrays.copyOfRange(m, 0, 3));
        assertArrayEquals(new byte[] {21, 0, 0, 0}, Arrays.copyOfRange(m, 3, 7));
        assertArrayEquals(filled(7), Arrays.copyOfRange(m, 7, 39));
        assertEquals(0, m[39]);
    }

    @Test
    void deletableIs72BytesWithObjectId() {
        ObjectId object = ObjectId.of(filled(42));
        byte[] m = new ConfirmationMessage(21, BLOB, new PersistenceType.Deletable(object)).toBcs();
        assertEquals(72, m.length);
        assertEquals(1, m[39]);
        assertArrayEquals(filled(42), Arrays.copyOfRange(m, 40, 72));
    }

    @Test
    void parseRoundTripsAndNamesBadFields() {
        ConfirmationMessage msg = new ConfirmationMessage(0x01020304, BLOB, new PersistenceType.Deletable(ObjectId.of(filled(1))));
        assertEquals(msg, ConfirmationMessage.parse(msg.toBcs()));
        byte[] bad = new ConfirmationMessage(1, BLOB, PersistenceType.Permanent.INSTANCE).toBcs();
        bad[2] = 4;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfirmationMessage.parse(bad));
        assertEquals("confirmation message has app ID 4, expected 3 (storage)", e.getMessage());
        bad[2] = 3;
        bad[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> ConfirmationMessage.parse(bad));
        assertThrows(IllegalArgumentException.class, () -> ConfirmationMessage.parse(new byte[39]));
    }

    static byte[] filled(int v) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) v);
        return b;
    }
}

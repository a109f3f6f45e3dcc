package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.ids.ObjectId;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlainHttpNetworkKeyTest {
    static final ObjectId A = ObjectId.parsePrefixed("0x" + "0a".repeat(32));
    static final ObjectId B = ObjectId.parsePrefixed("0x" + "0b".repeat(32));

    @Test
    void isA33ByteCompressedP256PointPerNode() {
        byte[] a = PlainHttpNetworkKey.of(A);
        assertEquals(33, a.length);
        assertTrue(a[0] == 0x02 || a[0] == 0x03, "compressed point prefix " + a[0]);
        var point = ECNamedCurveTable.getParameterSpec("secp256r1").getCurve().decodePoint(a);
        assertTrue(point.isValid());
        assertArrayEquals(a, PlainHttpNetworkKey.of(A));
        assertFalse(java.util.Arrays.equals(a, PlainHttpNetworkKey.of(B)));
    }

    @Test
    void recognisesOnlyTheNodesOwnMarker() {
        assertTrue(PlainHttpNetworkKey.is(A, PlainHttpNetworkKey.of(A)));
        assertFalse(PlainHttpNetworkKey.is(B, PlainHttpNetworkKey.of(A)));
        assertFalse(PlainHttpNetworkKey.is(A, new byte[0]));
        assertFalse(PlainHttpNetworkKey.is(A, null));
    }
}

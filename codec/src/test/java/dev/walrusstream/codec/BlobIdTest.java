package dev.walrusstream.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlobIdTest {
    private static final String KAT = "RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2kY";

    @Test
    void textFormsRoundTrip() {
        BlobId id = BlobId.parse(KAT);
        assertEquals(KAT, id.base64Url());
        assertEquals(id, BlobId.fromHex(id.hex()));
        assertEquals(id, BlobId.fromU256(id.u256()));
        assertEquals(id, BlobId.parse(KAT + "="));
    }

    @Test
    void rustRegressionVector() {
        byte[] text = "walrus blob id v1 regression test".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(KAT, RedStuff.create().encode(10, text).blobId().base64Url());
    }

    @Test
    void badTextIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlobId.parse("abc"));
        assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BlobId.parse("not base64 !!"));
    }
}

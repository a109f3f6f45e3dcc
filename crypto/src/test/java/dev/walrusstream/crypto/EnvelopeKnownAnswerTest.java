package dev.walrusstream.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known-answer tests: vectors made by an independent Python implementation of the format
 * (src/test/resources/kat/make_vectors.py, with the `cryptography` package) must come out of the
 * Java encryptor byte for byte and decrypt back.
 */
class EnvelopeKnownAnswerTest {
    static final HexFormat HEX = HexFormat.of();

    @Test
    void javaEnvelopesMatchThePythonVectorsByteForByte() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/kat/vectors.json")) {
            root = new ObjectMapper().readTree(in);
        }
        assertEquals(6, root.path("vectors").size());
        for (JsonNode v : root.path("vectors")) {
            String name = v.path("name").asText();
            byte[] kek = HEX.parseHex(v.path("kek").asText());
            KeySource keys = AesKeyWrapKeys.of(kek, "KAT");
            assertEquals(v.path("keyId").asText(), keys.keyId(), name);
            Envelope envelope = Envelope.withFixedKeyAndNonce(keys, HEX.parseHex(v.path("dataKey").asText()),
                    HEX.parseHex(v.path("noncePrefix").asText()), v.path("chunkSizeLog2").asInt());
            assertEquals(v.path("wrappedKey").asText(), HEX.formatHex(envelope.wrappedKey().bytes()), name);
            byte[] plaintext = HEX.parseHex(v.path("plaintext").asText());
            byte[] expected = HEX.parseHex(v.path("envelope").asText());
            assertEquals(v.path("envelope").asText(), HEX.formatHex(envelope.encrypt(plaintext)), name);
            assertArrayEquals(plaintext, new Decryptor(keys).decrypt(expected), name);
            assertEquals(plaintext.length, Decryptor.info(CiphertextSource.of(expected)).plaintextLength(), name);
        }
    }

    @Test
    void aesKeyWrapMatchesRfc3394Section4_6() throws Exception {
        // RFC 3394 §4.6: wrap 256 bits of key data with a 256-bit KEK.
        Cipher c = Cipher.getInstance("AESWrap");
        c.init(Cipher.WRAP_MODE, new SecretKeySpec(HEX.parseHex(
                "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"), "AES"));
        byte[] wrapped = c.wrap(new SecretKeySpec(HEX.parseHex(
                "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F"), "AES"));
        assertEquals("28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21",
                HEX.formatHex(wrapped));
    }

    @Test
    void headerLayoutIsTheDocumentedOne() throws Exception {
        byte[] kek = new byte[32];
        KeySource keys = AesKeyWrapKeys.of(kek, "zero key");
        Envelope e = Envelope.withFixedKeyAndNonce(keys, new byte[32], HEX.parseHex("01020304050607"), 16);
        byte[] h = e.header().encode();
        String id = keys.keyId();
        assertEquals(19 + id.length() + 40, h.length);
        assertEquals("57534531" + "01" + "01" + "01" + "10" + "01020304050607"
                + String.format("%04x", id.length()) + HEX.formatHex(id.getBytes()) + "0028",
                HEX.formatHex(h, 0, 19 + id.length()));
        assertTrue(EnvelopeHeader.looksEncrypted(h));
        assertEquals(e.header(), EnvelopeHeader.parse(h));
    }
}

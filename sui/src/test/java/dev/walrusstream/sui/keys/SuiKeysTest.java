package dev.walrusstream.sui.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiVectors;
import dev.walrusstream.sui.internal.Bech32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiKeysTest {
    private static final JsonNode KEY = SuiVectors.root().get("key");
    private static final String PRIV = KEY.get("suiPrivateKey").asText();

    @Test
    void seedGivesTheSdkPublicKeyAndAddress() {
        SuiKeyPair pair = SuiKeyPair.fromSeed(SuiVectors.hex(KEY.get("seedHex").asText()));
        assertEquals(KEY.get("publicKeyHex").asText(), HexFormat.of().formatHex(pair.publicKey()));
        assertEquals(KEY.get("address").asText(), pair.address().toString());
        assertEquals(PRIV, pair.toSuiPrivateKey());
        assertFalse(pair.toString().contains("suiprivkey"));
    }

    @Test
    void keytoolAddressVector() {
        // Sui keytool vector: keystore entry AN0J… (flag ‖ private key) → 0xa2d1…6133
        SuiKeyPair pair = SuiKeyPair.fromFlaggedKey(
                Base64.getDecoder().decode("AN0JMHpDum3BhrVwnkylH0/HGRHBQ/fO/8+MYOawO8j6"), "test");
        assertEquals("0xa2d14fad60c56049ecf75246a481934691214ce413e6a8ae2fe6834c173a6133",
                pair.address().toString());
    }

    @Test
    void importsTheBech32PrivateKey() {
        SuiKeyPair pair = SuiKeyPair.fromSuiPrivateKey(PRIV);
        assertEquals(KEY.get("address").asText(), pair.address().toString());
        assertEquals(pair.address(), SuiKeyPair.fromSuiPrivateKey(PRIV.toUpperCase()).address());
        SuiKeyPair random = SuiKeyPair.generate(new SecureRandom());
        assertEquals(random.address(), SuiKeyPair.fromSuiPrivateKey(random.toSuiPrivateKey()).address());
    }

    @Test
    void malformedBech32KeysSayWhatIsWrongWithoutEchoingTheKey() {
        String typo = PRIV.substring(0, 20) + (PRIV.charAt(20) == 'q' ? 'p' : 'q') + PRIV.substring(21);
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> SuiKeyPair.fromSuiPrivateKey(typo));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertFalse(e.getMessage().contains(typo.substring(11)), "the key must not appear in the error");

        e = assertThrows(KeyFormatException.class, () -> SuiKeyPair.fromSuiPrivateKey(PRIV.substring(0, 40)));
        assertTrue(e.getMessage().contains("checksum does not match"), e.getMessage());
        e = assertThrows(KeyFormatException.class, () -> SuiKeyPair.fromSuiPrivateKey("suiprivkey1qq"));
        assertTrue(e.getMessage().contains("too short to hold a checksum"), e.getMessage());

        String otherHrp = Bech32.encode("suipubkey", new byte[33]);
        e = assertThrows(KeyFormatException.class, () -> SuiKeyPair.fromSuiPrivateKey(otherHrp));
        assertTrue(e.getMessage().contains("prefix 'suipubkey', expected 'suiprivkey'"), e.getMessage());

        byte[] secp = new byte[33];
        secp[0] = 0x01;
        e = assertThrows(KeyFormatException.class,
                () -> SuiKeyPair.fromSuiPrivateKey(Bech32.encode("suiprivkey", secp)));
        assertTrue(e.getMessage().contains("SECP256K1 (flag 0x01)"), e.getMessage());

        e = assertThrows(KeyFormatException.class,
                () -> SuiKeyPair.fromSuiPrivateKey(Bech32.encode("suiprivkey", new byte[20])));
        assertTrue(e.getMessage().contains("19 key bytes after the flag, expected 32"), e.getMessage());

        e = assertThrows(KeyFormatException.class, () -> SuiKeyPair.fromSuiPrivateKey("suiprivkey1qqqb!qqqqqqqq"));
        assertTrue(e.getMessage().contains("invalid data character 'b' at position 14"), e.getMessage());
        assertThrows(KeyFormatException.class, () -> SuiKeyPair.fromSuiPrivateKey(" "));
    }

    @Test
    void keystoreSelectsByAddressAndReportsProblemsPerEntry(@TempDir Path dir) throws Exception {
        SuiKeyPair a = SuiKeyPair.fromSuiPrivateKey(PRIV);
        SuiKeyPair b = SuiKeyPair.generate(new SecureRandom());
        byte[] secp = new byte[33];
        secp[0] = 1;
        Path file = dir.resolve("sui.keystore");
        Files.writeString(file, "[\n  \"" + entry(a) + "\",\n  \"" + Base64.getEncoder().encodeToString(secp)
                + "\",\n  \"" + entry(b) + "\"\n]\n");

        SuiKeystore ks = SuiKeystore.load(file);
        assertEquals(List.of(a.address(), b.address()), ks.addresses());
        assertEquals(SignatureScheme.SECP256K1, ks.entries().get(1).scheme());
        assertEquals(b.address(), ks.forAddress(b.address()).address());
        assertEquals(a.address(), KeySource.parse("keystore:" + file + "#" + a.address()).load().address());

        KeyFormatException several = assertThrows(KeyFormatException.class, ks::single);
        assertTrue(several.getMessage().contains("holds 2 Ed25519 keys"), several.getMessage());
        assertTrue(several.getMessage().contains(a.address().toString()));
        KeyFormatException missing = assertThrows(KeyFormatException.class,
                () -> ks.forAddress(SuiAddress.parsePrefixed("0x1")));
        assertTrue(missing.getMessage().contains("no Ed25519 key for 0x000"), missing.getMessage());

        Path one = dir.resolve("one.keystore");
        Files.writeString(one, "[\"" + entry(b) + "\"]");
        assertEquals(b.address(), new KeySource.Keystore(one, Optional.empty()).load().address());
    }

    @Test
    void malformedKeystores(@TempDir Path dir) throws Exception {
        assertMessage(dir, "{\"a\": 1}", "must be a JSON array of base64 strings, found object");
        assertMessage(dir, "[\"AAAA\", 5]", "entry 0 holds 2 key bytes after the flag, expected 32");
        assertMessage(dir, "[\"" + entry(SuiKeyPair.generate(new SecureRandom())) + "\", 5]",
                "entry 1 is a number, expected a base64 string");
        assertMessage(dir, "[\"not base64!\"]", "entry 0 is not valid base64");
        assertMessage(dir, "[\"CQ==\"]", "entry 0 has unknown scheme (flag 0x09)");
        assertMessage(dir, "[1, 2", "is not valid JSON (line 1");
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> SuiKeystore.load(dir.resolve("absent.keystore")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void keySourcesParseAndNeverPrintSecrets(@TempDir Path dir) throws Exception {
        KeySource inline = KeySource.parse(PRIV);
        assertFalse(inline.toString().contains(PRIV.substring(12)));
        assertEquals(KEY.get("address").asText(), inline.load().address().toString());
        Path keyFile = dir.resolve("key.txt");
        Files.writeString(keyFile, PRIV + "\n");
        assertEquals(KEY.get("address").asText(), KeySource.parse("file:" + keyFile).load().address().toString());
        KeyFormatException e = assertThrows(KeyFormatException.class,
                () -> KeySource.parse("env:WALRUS_STREAM_TEST_UNSET_KEY_VARIABLE").load());
        assertTrue(e.getMessage().contains("WALRUS_STREAM_TEST_UNSET_KEY_VARIABLE is not set"));
        assertThrows(KeyFormatException.class, () -> KeySource.parse("0xabc"));
    }

    @Test
    void personalMessageAndSignatureParsing() {
        SuiKeyPair pair = SuiKeyPair.fromSuiPrivateKey(PRIV);
        SuiSignature sig = pair.signPersonalMessage("hello".getBytes());
        assertTrue(sig.verify(Intent.PERSONAL_MESSAGE, new byte[] {5, 'h', 'e', 'l', 'l', 'o'}));
        assertFalse(sig.verify(Intent.TRANSACTION_DATA, new byte[] {5, 'h', 'e', 'l', 'l', 'o'}));
        assertArrayEquals(sig.toBytes(), SuiSignature.fromBytes(sig.toBytes()).toBytes());
        byte[] other = sig.toBytes();
        other[0] = 0x02;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SuiSignature.fromBytes(other));
        assertTrue(e.getMessage().contains("SECP256R1 (flag 0x02)"), e.getMessage());
    }

    private static String entry(SuiKeyPair pair) {
        byte[] flagged = Bech32.decode(pair.toSuiPrivateKey()).data();
        return Base64.getEncoder().encodeToString(flagged);
    }

    private static void assertMessage(Path dir, String json, String expected) throws Exception {
        Path f = Files.createTempFile(dir, "ks", ".keystore");
        Files.writeString(f, json);
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> SuiKeystore.load(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
    }
}

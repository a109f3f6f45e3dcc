package dev.walrusstream.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.spec.SecretKeySpec;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeySourcesTest {
    @TempDir
    Path dir;

    static final byte[] KEK = EnvelopeTest.bytes(32, 21);
    static final byte[] PT = EnvelopeTest.bytes(3000, 22);

    static void roundTrip(KeySource writer, KeySource reader) throws Exception {
        byte[] env = Envelope.create(writer, 10).encrypt(PT);
        assertArrayEquals(PT, new Decryptor(reader).decrypt(env));
    }

    @Test
    void keyFilesInRawHexAndBase64NameTheSameKey() throws Exception {
        Path raw = Files.write(dir.resolve("raw.key"), KEK);
        Path hex = Files.writeString(dir.resolve("hex.key"), HexFormat.of().formatHex(KEK) + "\n");
        Path b64 = Files.writeString(dir.resolve("b64.key"), Base64.getEncoder().encodeToString(KEK));
        KeySource a = KeySources.open("file:" + raw);
        KeySource b = KeySources.open(hex.toString());
        KeySource c = KeySources.open("file:" + b64);
        assertEquals(AesKeyWrapKeys.fingerprint(KEK), a.keyId());
        assertEquals(a.keyId(), b.keyId());
        assertEquals(a.keyId(), c.keyId());
        roundTrip(a, c);
        Path shortKey = Files.writeString(dir.resolve("short.key"), "abcd");
        EncryptionException.KeyRefused bad = assertThrows(EncryptionException.KeyRefused.class,
                () -> KeySources.open("file:" + shortKey));
        assertTrue(bad.getMessage().contains(shortKey.toString()), bad.getMessage());
        assertTrue(assertThrows(EncryptionException.KeyRefused.class,
                () -> KeySources.open("file:" + dir.resolve("none.key"))).getMessage().contains("does not exist"));
    }

    @Test
    void generatedKeyFilesAreOwnerOnlyAndNeverOverwritten() throws Exception {
        Path f = dir.resolve("new.key");
        String id = KeySources.generateKeyFile(f);
        assertEquals(id, KeySources.open("file:" + f).keyId());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(f)));
        assertThrows(java.io.IOException.class, () -> KeySources.generateKeyFile(f));
    }

    @Test
    void environmentVariableKeys() throws Exception {
        Map<String, String> env = Map.of("WS_KEK", HexFormat.of().formatHex(KEK));
        KeySource e = KeySources.open("env:WS_KEK", env::get);
        roundTrip(e, KeySources.open("file:" + Files.write(dir.resolve("k"), KEK)));
        EncryptionException.KeyRefused unset = assertThrows(EncryptionException.KeyRefused.class,
                () -> KeySources.open("env:NOPE", env::get));
        assertTrue(unset.getMessage().contains("NOPE"), unset.getMessage());
    }

    @Test
    void pkcs12KeystoresUseAliasesAsKeyIdsAndUnwrapWithAnyOfThem() throws Exception {
        Path p12 = dir.resolve("keys.p12");
        char[] password = "s3cret".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, password);
        KeyStore.ProtectionParameter prot = new KeyStore.PasswordProtection(password);
        ks.setEntry("archive-2025", new KeyStore.SecretKeyEntry(new SecretKeySpec(KEK, "AES")), prot);
        ks.setEntry("archive-2026", new KeyStore.SecretKeyEntry(new SecretKeySpec(EnvelopeTest.bytes(32, 23), "AES")),
                prot);
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, password);
        }
        Map<String, String> env = Map.of("P12_PASS", "s3cret");
        KeySource old = KeySources.open("pkcs12:" + p12 + "?password-env=P12_PASS&alias=archive-2025", env::get);
        KeySource rotated = KeySources.open("pkcs12:" + p12 + "?password-env=P12_PASS&alias=archive-2026", env::get);
        assertEquals("archive-2025", old.keyId());
        roundTrip(old, rotated);
        IllegalArgumentException which = assertThrows(IllegalArgumentException.class,
                () -> KeySources.open("pkcs12:" + p12 + "?password-env=P12_PASS", env::get));
        assertTrue(which.getMessage().contains("alias"), which.getMessage());
        Map<String, String> wrong = Map.of("P12_PASS", "nope");
        assertThrows(EncryptionException.KeyRefused.class,
                () -> KeySources.open("pkcs12:" + p12 + "?password-env=P12_PASS&alias=archive-2025", wrong::get));
    }

    @Test
    void kmsHookFoundByServiceLoaderNameOrByClassName() throws Exception {
        KeySource byName = KeySources.open("kms:test-kms?key=alpha");
        assertEquals("test-kms/alpha", byName.keyId());
        roundTrip(byName, KeySources.open("kms:" + TestKms.class.getName()));
        byte[] env = Envelope.create(byName).encrypt(PT);
        assertEquals(TestKms.WRAP_ALGORITHM, EnvelopeHeader.parse(env).wrappedKey().algorithm());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> KeySources.open("kms:com.example.Missing"));
        assertTrue(none.getMessage().contains("com.example.Missing"), none.getMessage());
        EncryptionException.KeyRefused local = assertThrows(EncryptionException.KeyRefused.class,
                () -> new Decryptor(AesKeyWrapKeys.of(KEK, "a file")).decrypt(env));
        assertEquals("test-kms/alpha", local.keyId());
    }
}

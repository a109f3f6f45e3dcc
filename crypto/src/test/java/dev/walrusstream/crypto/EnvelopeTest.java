package dev.walrusstream.crypto;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeTest {
    static final KeySource KEYS = AesKeyWrapKeys.of(bytes(32, 1), "test key");

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void roundTripsEverySizeAroundChunkBoundaries() throws Exception {
        Decryptor d = new Decryptor(KEYS);
        for (int n : new int[] {0, 1, 1023, 1024, 1025, 2048, 3000, 10_000}) {
            byte[] pt = bytes(n, n);
            byte[] env = Envelope.create(KEYS, 10).encrypt(pt);
            EnvelopeLayout layout = EnvelopeLayout.of(EnvelopeHeader.parse(env));
            assertEquals(layout.envelopeLength(n), env.length, "size " + n);
            assertEquals(n, layout.plaintextLength(env.length), "size " + n);
            assertArrayEquals(pt, d.decrypt(env), "size " + n);
        }
    }

    @Test
    void eachUploadGetsItsOwnDataKeyAndNonce() throws Exception {
        byte[] pt = bytes(500, 3);
        Envelope a = Envelope.create(KEYS);
        Envelope b = Envelope.create(KEYS);
        assertFalse(Arrays.equals(a.wrappedKey().bytes(), b.wrappedKey().bytes()));
        assertFalse(Arrays.equals(a.encrypt(pt), b.encrypt(pt)));
        assertThrows(IllegalStateException.class, () -> a.encrypt(pt), "an envelope seals once");
    }

    @Test
    void derivedEnvelopesRepeatForTheSameBlobAndDifferOtherwise() throws Exception {
        byte[] pt = bytes(3000, 30);
        byte[] a = Envelope.derived(KEYS, "upload-1/0/digest-a".getBytes(), 10).encrypt(pt);
        byte[] again = Envelope.derived(KEYS, "upload-1/0/digest-a".getBytes(), 10).encrypt(pt);
        byte[] other = Envelope.derived(KEYS, "upload-1/1/digest-a".getBytes(), 10).encrypt(pt);
        assertArrayEquals(a, again, "a replayed blob makes the same envelope (same blob ID)");
        assertFalse(Arrays.equals(a, other));
        byte[] otherKey = Envelope.derived(AesKeyWrapKeys.of(bytes(32, 31), "k2"), "upload-1/0/digest-a".getBytes(), 10)
                .encrypt(pt);
        assertFalse(Arrays.equals(a, otherKey));
        assertArrayEquals(pt, new Decryptor(KEYS).decrypt(a));
        KeySource kms = new TestKms().open(java.util.Map.of());
        assertFalse(Arrays.equals(Envelope.derived(kms, "c".getBytes(), 10).encrypt(pt),
                Envelope.derived(kms, "c".getBytes(), 10).encrypt(pt)), "no derivation secret: random envelopes");
    }

    @Test
    void streamingWritesAndReadsInSmallPiecesGiveTheSameBytes() throws Exception {
        byte[] pt = bytes(5000, 4);
        Envelope e = Envelope.withFixedKeyAndNonce(KEYS, bytes(32, 5), bytes(7, 6), 10);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = e.encryptingStream(sink)) {
            for (int i = 0; i < pt.length; i += 7) {
                out.write(pt, i, Math.min(7, pt.length - i));
            }
        }
        byte[] whole = Envelope.withFixedKeyAndNonce(KEYS, bytes(32, 5), bytes(7, 6), 10).encrypt(pt);
        assertArrayEquals(whole, sink.toByteArray());
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (InputStream in = new Decryptor(KEYS).decrypting(new ByteArrayInputStream(whole))) {
            byte[] buf = new byte[13];
            for (int r; (r = in.read(buf)) > 0; ) {
                back.write(buf, 0, r);
            }
        }
        assertArrayEquals(pt, back.toByteArray());
    }

    @Test
    void streamingDecryptReleasesVerifiedChunksThenFailsOnTheTamperedOne() throws Exception {
        byte[] pt = bytes(4096, 7);
        byte[] env = Envelope.create(KEYS, 10).encrypt(pt);
        int h = EnvelopeHeader.parse(env).length();
        env[h + 2 * (1024 + 16) + 5] ^= 1; // inside chunk 2
        InputStream in = new Decryptor(KEYS).decrypting(new ByteArrayInputStream(env));
        byte[] first = in.readNBytes(2048);
        assertArrayEquals(Arrays.copyOf(pt, 2048), first, "chunks 0 and 1 verified and released");
        EncryptionException.Tampered t = assertThrows(EncryptionException.Tampered.class, () -> in.readNBytes(10));
        assertEquals(2, t.chunk());
    }

    @Test
    void rangesReadOnlyTheChunksTheyTouch() throws Exception {
        byte[] pt = bytes(10_000, 8);
        byte[] env = Envelope.create(KEYS, 10).encrypt(pt);
        long[] touched = {Long.MAX_VALUE, -1};
        CiphertextSource counting = new CiphertextSource() {
            @Override
            public long length() {
                return env.length;
            }

            @Override
            public byte[] read(long offset, int length) {
                if (offset > 100) {
                    touched[0] = Math.min(touched[0], offset);
                    touched[1] = Math.max(touched[1], offset + length);
                }
                return Arrays.copyOfRange(env, (int) offset, (int) offset + length);
            }
        };
        Decryptor d = new Decryptor(KEYS);
        assertArrayEquals(Arrays.copyOfRange(pt, 3000, 3100), d.rangeBytes(counting, 3000, 3100));
        EnvelopeLayout layout = EnvelopeLayout.of(EnvelopeHeader.parse(env));
        assertEquals(layout.chunkOffset(2), touched[0]);
        assertEquals(layout.chunkOffset(4), touched[1]);
        for (long[] r : new long[][] {{0, 0}, {0, 1}, {1023, 1025}, {0, 10_000}, {9999, 10_000}, {2048, 4096}}) {
            assertArrayEquals(Arrays.copyOfRange(pt, (int) r[0], (int) r[1]), d.rangeBytes(counting, r[0], r[1]),
                    "range " + Arrays.toString(r));
        }
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> d.rangeBytes(counting, 9000, 10_001));
        assertTrue(outside.getMessage().contains("10001"), outside.getMessage());
    }

    @Test
    void reorderingTruncationExtensionAndSplicingAreDetected() throws Exception {
        byte[] pt = bytes(3 * 1024, 9);
        byte[] env = Envelope.create(KEYS, 10).encrypt(pt);
        int h = EnvelopeHeader.parse(env).length();
        int c = 1024 + 16;
        Decryptor d = new Decryptor(KEYS);

        byte[] swapped = env.clone();
        System.arraycopy(env, h, swapped, h + c, c);
        System.arraycopy(env, h + c, swapped, h, c);
        assertEquals(0, assertThrows(EncryptionException.Tampered.class, () -> d.decrypt(swapped)).chunk());

        byte[] cutAtBoundary = Arrays.copyOf(env, h + 2 * c);
        assertEquals(1, assertThrows(EncryptionException.Tampered.class, () -> d.decrypt(cutAtBoundary)).chunk(),
                "chunk 1 was sealed as not-last");
        byte[] cutMidChunk = Arrays.copyOf(env, env.length - 100);
        assertThrows(EncryptionException.Tampered.class, () -> d.decrypt(cutMidChunk));
        byte[] extended = Arrays.copyOf(env, env.length + 40);
        assertThrows(EncryptionException.Tampered.class, () -> d.decrypt(extended));

        byte[] other = Envelope.create(KEYS, 10).encrypt(pt);
        byte[] spliced = env.clone();
        System.arraycopy(other, h + c, spliced, h + c, c);
        assertEquals(1, assertThrows(EncryptionException.Tampered.class, () -> d.decrypt(spliced)).chunk());

        byte[] headerFlip = env.clone();
        headerFlip[10] ^= 1; // nonce prefix
        assertEquals(0, assertThrows(EncryptionException.Tampered.class, () -> d.decrypt(headerFlip)).chunk());

        byte[] wrappedFlip = env.clone();
        wrappedFlip[h - 3] ^= 1;
        EncryptionException.KeyRefused refused = assertThrows(EncryptionException.KeyRefused.class,
                () -> d.decrypt(wrappedFlip));
        assertEquals(KEYS.keyId(), refused.keyId());

        for (int i = h; i < env.length; i += 97) {
            byte[] flipped = env.clone();
            flipped[i] ^= (byte) 0x80;
            assertThrows(EncryptionException.Tampered.class, () -> d.decrypt(flipped), "flip at " + i);
        }
    }

    @Test
    void aWrongOrMissingKeyIsRefusedNamingTheKeyId() throws Exception {
        byte[] env = Envelope.create(KEYS).encrypt(bytes(100, 10));
        KeySource other = AesKeyWrapKeys.of(bytes(32, 11), "other key file");
        EncryptionException.KeyRefused missing = assertThrows(EncryptionException.KeyRefused.class,
                () -> new Decryptor(other).decrypt(env));
        assertEquals(KEYS.keyId(), missing.keyId());
        assertTrue(missing.getMessage().contains(KEYS.keyId()) && missing.getMessage().contains("other key file"),
                missing.getMessage());

        KeySource sameIdWrongKey = new AesKeyWrapKeys(KEYS.keyId(), java.util.Map.of(KEYS.keyId(),
                new javax.crypto.spec.SecretKeySpec(bytes(32, 12), "AES")), "impostor");
        EncryptionException.KeyRefused wrong = assertThrows(EncryptionException.KeyRefused.class,
                () -> new Decryptor(sameIdWrongKey).decrypt(env));
        assertTrue(wrong.getMessage().contains("does not unwrap"), wrong.getMessage());
    }

    @Test
    void notAnEnvelopeIsABadFormat() {
        EncryptionException.BadFormat bad = assertThrows(EncryptionException.BadFormat.class,
                () -> new Decryptor(KEYS).decrypt("plain text, not encrypted".getBytes()));
        assertTrue(bad.getMessage().contains("WSE1"), bad.getMessage());
        byte[] v2 = {'W', 'S', 'E', '1', 2, 1, 1, 10};
        assertTrue(assertThrows(EncryptionException.BadFormat.class, () -> EnvelopeHeader.parse(v2)).getMessage()
                .contains("version 2"));
    }
}

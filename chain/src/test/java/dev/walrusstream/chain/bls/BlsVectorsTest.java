package dev.walrusstream.chain.bls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bouncy Castle's BLS12-381 min_pk against vectors made by @noble/curves and verified by Walrus's
 * own fastcrypto build (@mysten/walrus-wasm): same public keys, byte-identical signatures and
 * aggregates, and verification of each.
 */
class BlsVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static JsonNode vectors;
    private static final List<BlsKeyPair> KEYS = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = BlsVectorsTest.class.getResourceAsStream("/bls-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        for (JsonNode k : vectors.get("keys")) {
            KEYS.add(BlsKeyPair.fromSecretHex(k.get("sk").asText()));
        }
    }

    @Test
    void publicKeysMatch() {
        int i = 0;
        for (JsonNode k : vectors.get("keys")) {
            BlsKeyPair pair = KEYS.get(i++);
            assertEquals(k.get("pk").asText(), pair.publicKey().hex());
            assertEquals(k.get("sk").asText(), pair.secretHex());
            assertEquals(pair.publicKey(), BlsPublicKey.fromHex(k.get("pk").asText()));
        }
    }

    @Test
    void signaturesAreByteIdenticalAndVerify() {
        for (JsonNode s : vectors.get("signatures")) {
            byte[] message = HEX.parseHex(s.get("message").asText());
            BlsKeyPair key = KEYS.get(s.get("key").asInt());
            byte[] expected = HEX.parseHex(s.get("signature").asText());
            assertArrayEquals(expected, key.sign(message).bytes(), "signature of key " + s.get("key"));
            BlsSignature parsed = BlsSignature.fromBytes(expected);
            assertTrue(Bls.verify(key.publicKey(), message, parsed));
            byte[] other = message.clone().length == 0 ? new byte[] {1} : flipLast(message);
            assertFalse(Bls.verify(key.publicKey(), other, parsed), "must not verify a different message");
            assertFalse(Bls.verify(KEYS.get((s.get("key").asInt() + 1) % KEYS.size()).publicKey(), message, parsed),
                    "must not verify under another key");
        }
    }

    @Test
    void aggregatesMatchAndVerify() {
        for (JsonNode a : vectors.get("aggregates")) {
            byte[] message = HEX.parseHex(a.get("message").asText());
            List<BlsSignature> sigs = new ArrayList<>();
            List<BlsPublicKey> keys = new ArrayList<>();
            for (JsonNode i : a.get("signers")) {
                sigs.add(KEYS.get(i.asInt()).sign(message));
                keys.add(KEYS.get(i.asInt()).publicKey());
            }
            BlsSignature aggregate = Bls.aggregate(sigs);
            assertEquals(a.get("aggregate").asText(), aggregate.hex());
            assertTrue(Bls.verifyAggregate(keys, message, aggregate));
            if (keys.size() > 1) {
                assertFalse(Bls.verifyAggregate(keys.subList(1, keys.size()), message, aggregate),
                        "aggregate must not verify without one of its signers");
            }
        }
    }

    @Test
    void batchVerificationCatchesSignaturesThatCancelOut() {
        byte[] message = HEX.parseHex(vectors.get("signatures").get(0).get("message").asText());
        List<BlsPublicKey> keys = new ArrayList<>();
        List<BlsSignature> sigs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keys.add(KEYS.get(i).publicKey());
            sigs.add(KEYS.get(i).sign(message));
        }
        java.util.Random random = new java.util.Random(1);
        assertTrue(Bls.verifyBatch(keys, message, sigs, random));
        // s0 + d and s1 - d: each invalid, their plain sum still valid
        BlsSignature d = KEYS.get(4).sign(message);
        BlsSignature s0 = Bls.aggregate(List.of(sigs.get(0), d));
        BlsSignature s1 = BlsSignature.fromBytes(org.bouncycastle.crypto.bls.BLS12_381Serialization.compressG2(
                BouncyCastleBls.g2(sigs.get(1).bytes()).add(BouncyCastleBls.g2(d.bytes()).negate())));
        List<BlsSignature> forged = new ArrayList<>(List.of(s0, s1, sigs.get(2), sigs.get(3)));
        assertTrue(Bls.verifyAggregate(keys, message, Bls.aggregate(forged)), "the plain aggregate is fooled");
        assertFalse(Bls.verifyBatch(keys, message, forged, random), "the randomised batch is not");
        List<BlsSignature> oneWrong = new ArrayList<>(sigs);
        oneWrong.set(2, KEYS.get(4).sign(message));
        assertFalse(Bls.verifyBatch(keys, message, oneWrong, random));
    }

    @Test
    void malformedMaterialIsRefused() {
        assertThrows(BlsException.class, () -> BlsPublicKey.fromBytes(new byte[47]));
        byte[] notAPoint = new byte[48];
        notAPoint[0] = (byte) 0x9f;
        assertThrows(BlsException.class, () -> BlsPublicKey.fromBytes(notAPoint));
        assertThrows(BlsException.class, () -> BlsSignature.fromBytes(new byte[95]));
        byte[] garbage = new byte[96];
        java.util.Arrays.fill(garbage, (byte) 0x13);
        garbage[0] = (byte) 0x93;
        assertThrows(BlsException.class, () -> BlsSignature.fromBytes(garbage));
        assertThrows(BlsException.class, () -> BlsKeyPair.fromSecretBytes(new byte[32]));
    }

    private static byte[] flipLast(byte[] m) {
        byte[] out = m.clone();
        out[out.length - 1] ^= 1;
        return out;
    }
}

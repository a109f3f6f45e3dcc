package dev.walrusstream.chain.bls;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every BLS engine gives the reference engine's bytes and answers. */
class BlsEngineContractTest {
    private final BlsEngine reference = BlsEngines.reference();

    @Test
    void blstLoadsHereAndIsTheDefault() {
        assertEquals(List.of("bouncycastle", "blst"), BlsEngines.available().stream().map(BlsEngine::name).toList());
        assertEquals("blst", Bls.engine().name());
    }

    @Test
    void keysSignaturesAndAggregatesAreByteIdentical() {
        Random random = new Random(3);
        for (BlsEngine engine : BlsEngines.available()) {
            List<byte[]> keys = new ArrayList<>();
            List<byte[]> sigs = new ArrayList<>();
            byte[] message = new byte[40];
            random.nextBytes(message);
            for (int i = 0; i < 4; i++) {
                byte[] secret = BlsKeyPair.generate(new SecureRandom()).secretBytes();
                byte[] pk = engine.publicKey(secret);
                assertArrayEquals(reference.publicKey(secret), pk, engine.name() + " public key");
                byte[] sig = engine.sign(secret, message);
                assertArrayEquals(reference.sign(secret, message), sig, engine.name() + " signature");
                assertTrue(reference.verify(pk, message, sig), "reference verifies " + engine.name());
                assertTrue(engine.verify(pk, message, sig), engine.name() + " verifies its own");
                assertFalse(engine.verify(pk, "other".getBytes(), sig), engine.name() + " rejects another message");
                keys.add(pk);
                sigs.add(sig);
            }
            assertArrayEquals(reference.aggregateSignatures(sigs), engine.aggregateSignatures(sigs), engine.name());
            assertArrayEquals(reference.aggregatePublicKeys(keys), engine.aggregatePublicKeys(keys), engine.name());
            assertTrue(engine.verify(engine.aggregatePublicKeys(keys), message, engine.aggregateSignatures(sigs)));
            assertTrue(engine.verifyBatch(keys, message, sigs, new Random(1)));
            List<byte[]> swapped = new ArrayList<>(sigs);
            swapped.set(0, sigs.get(1));
            swapped.set(1, sigs.get(0));
            assertFalse(engine.verifyBatch(keys, message, swapped, new Random(1)), engine.name() + " batch with swapped signatures");
        }
    }

    @Test
    void malformedPointsAreRefusedByEveryEngine() {
        for (BlsEngine engine : BlsEngines.available()) {
            byte[] notAPoint = new byte[48];
            notAPoint[0] = (byte) 0x9f;
            assertThrows(BlsException.class, () -> engine.checkPublicKey(notAPoint), engine.name());
            byte[] identity = new byte[48];
            identity[0] = (byte) 0xc0;
            assertThrows(BlsException.class, () -> engine.checkPublicKey(identity), engine.name() + " identity key");
            byte[] badSig = new byte[96];
            badSig[0] = (byte) 0x9f;
            assertThrows(BlsException.class, () -> engine.checkSignature(badSig), engine.name());
        }
    }
}

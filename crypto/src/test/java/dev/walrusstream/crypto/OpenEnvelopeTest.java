package dev.walrusstream.crypto;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OpenEnvelope}: every range of every size reads right, in one source read of just its chunks. */
class OpenEnvelopeTest {
    /** An envelope as a source that records every read. */
    static final class Counting implements CiphertextSource {
        final byte[] envelope;
        final List<long[]> reads = new ArrayList<>();

        Counting(byte[] envelope) {
            this.envelope = envelope;
        }

        @Override
        public long length() {
            return envelope.length;
        }

        @Override
        public byte[] read(long offset, int length) {
            reads.add(new long[] {offset, length});
            return Arrays.copyOfRange(envelope, (int) offset, (int) offset + length);
        }
    }

    @Test
    void everyRangeReadsRightFromOneReadOfItsChunks() throws Exception {
        int chunk = 1024;
        byte[] pt = EnvelopeTest.bytes(10 * chunk + 300, 4);
        byte[] env = Envelope.create(EnvelopeTest.KEYS, 10).encrypt(pt);
        Counting source = new Counting(env);
        OpenEnvelope open = new Decryptor(EnvelopeTest.KEYS).open(source);
        assertEquals(pt.length, open.plaintextLength());
        int header = EnvelopeHeader.parse(env).length();
        long[][] ranges = {{0, 0}, {0, 1}, {chunk - 1, chunk + 1}, {3 * chunk, 4 * chunk}, {5000, 9000},
                {pt.length - 1, pt.length}, {10 * chunk, pt.length}, {0, pt.length}};
        for (long[] r : ranges) {
            source.reads.clear();
            assertArrayEquals(Arrays.copyOfRange(pt, (int) r[0], (int) r[1]), open.read(r[0], r[1]),
                    "[" + r[0] + ", " + r[1] + ")");
            if (r[1] > r[0]) {
                assertEquals(1, source.reads.size(), "one source read for [" + r[0] + ", " + r[1] + ")");
                long first = r[0] / chunk;
                long last = (r[1] - 1) / chunk;
                assertEquals(header + first * (chunk + 16), source.reads.get(0)[0]);
                long chunks = last - first + 1;
                assertTrue(source.reads.get(0)[1] <= chunks * (chunk + 16), "only the chunks touched");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> open.read(pt.length - 1, pt.length + 1));
    }

    @Test
    void aFlippedByteFailsItsChunkAndAWrongKeyFailsAtOpen() throws Exception {
        int chunk = 1024;
        byte[] pt = EnvelopeTest.bytes(4 * chunk, 5);
        byte[] env = Envelope.create(EnvelopeTest.KEYS, 10).encrypt(pt);
        int header = EnvelopeHeader.parse(env).length();
        env[header + 2 * (chunk + 16) + 7] ^= 0x40;
        OpenEnvelope open = new Decryptor(EnvelopeTest.KEYS).open(CiphertextSource.of(env));
        EncryptionException.Tampered t = assertThrows(EncryptionException.Tampered.class, () -> open.read(0, pt.length));
        assertEquals(2, t.chunk());
        assertArrayEquals(Arrays.copyOfRange(pt, 0, 2 * chunk), open.read(0, 2L * chunk));
        KeySource other = AesKeyWrapKeys.of(EnvelopeTest.bytes(32, 99), "test key");
        EncryptionException.KeyRefused refused = assertThrows(EncryptionException.KeyRefused.class,
                () -> new Decryptor(other).open(CiphertextSource.of(env)));
        assertEquals(EnvelopeHeader.parse(env).wrappedKey().keyId(), refused.keyId());
    }
}

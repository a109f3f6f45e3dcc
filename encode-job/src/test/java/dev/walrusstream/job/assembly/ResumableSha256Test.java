package dev.walrusstream.job.assembly;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumableSha256Test {
    /** Lengths around the 4-byte words and 64-byte blocks both engines buffer, and a few large ones. */
    private static final int[] LENGTHS = {0, 1, 3, 4, 5, 55, 56, 63, 64, 65, 127, 128, 129, 1000, 4096, 100_003};

    static List<Sha256Engines.Engine> engines() {
        return List.of(Sha256Engines.REFERENCE, Sha256Engines.JDK);
    }

    @Test
    void theTestJvmRunsTheJdkEngine() {
        assertTrue(JdkSha256.available(), () -> "the build passes " + JdkSha256.JVM_FLAG
                + " to the tests (root pom, digest.flag), yet: " + JdkSha256.unavailableBecause().orElseThrow());
        assertSame(Sha256Engines.JDK, Sha256Engines.best());
        assertTrue(Sha256Engines.describe().contains("the JDK's digest"), Sha256Engines.describe());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void savedStatesAreBouncyCastlesAndResumeToTheWholeDigest(Sha256Engines.Engine engine) throws Exception {
        Random random = new Random(14);
        for (int length : LENGTHS) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
            for (int trial = 0; trial < 4; trial++) {
                // cut the data in up to three pieces, saving and resuming the state at every cut
                int a = length == 0 ? 0 : random.nextInt(length + 1);
                int b = a + (length == a ? 0 : random.nextInt(length - a + 1));
                byte[] state = null;
                for (int[] piece : new int[][] {{0, a}, {a, b}, {b, length}}) {
                    ResumableSha256 sha = engine.resume(state);
                    sha.update(data, piece[0], piece[1] - piece[0]);
                    state = sha.saveState();
                    SHA256Digest bc = new SHA256Digest();
                    bc.update(data, 0, piece[1]);
                    assertArrayEquals(bc.getEncodedState(), state,
                            engine.name() + ": the state after " + piece[1] + " of " + length + " bytes");
                }
                assertArrayEquals(expected, engine.resume(state).digest(), engine.name() + ": " + length + " bytes, cut at " + a + " and " + b);
            }
        }
    }

    @Test
    void eachEngineResumesTheOthersState() throws Exception {
        byte[] data = new byte[10_000];
        new Random(3).nextBytes(data);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
        for (int cut : new int[] {0, 7, 64, 5_001, 10_000}) {
            for (Sha256Engines.Engine first : engines()) {
                for (Sha256Engines.Engine second : engines()) {
                    ResumableSha256 sha = first.resume(null);
                    sha.update(data, 0, cut);
                    ResumableSha256 resumed = second.resume(sha.saveState());
                    resumed.update(data, cut, data.length - cut);
                    assertArrayEquals(expected, resumed.digest(), first.name() + " -> " + second.name() + " at " + cut);
                }
            }
        }
    }

    @Test
    void aStateOfAnEarlierBuildResumes() throws Exception {
        // what UploadState.digestState held before the engines: SHA256Digest.getEncodedState()
        byte[] data = "a checkpoint written by the Bouncy Castle-only assembler".getBytes(StandardCharsets.UTF_8);
        SHA256Digest old = new SHA256Digest();
        old.update(data, 0, 21);
        ResumableSha256 sha = JdkSha256.resume(old.getEncodedState());
        sha.update(data, 21, data.length - 21);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), sha.digest());
    }

    @Test
    void aStateThatIsNotOneIsRefusedNamingWhatIsWrong() {
        byte[] good = new SHA256Digest().getEncodedState();
        for (int length : new int[] {0, 5, 20}) {
            IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class,
                    () -> JdkSha256.resume(Arrays.copyOf(good, length)));
            assertTrue(shortOne.getMessage().contains(length + " bytes, fewer than 53"), shortOne.getMessage());
        }
        byte[] wordsMissing = Arrays.copyOf(good, good.length + 4); // says no buffered word, holds one
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class, () -> JdkSha256.resume(wordsMissing));
        assertTrue(extra.getMessage().contains("57 bytes with 0 buffered words"), extra.getMessage());

        SHA256Digest bc = new SHA256Digest();
        bc.update(new byte[10], 0, 10);
        byte[] lying = bc.getEncodedState();
        lying[15] = 99; // byteCount says 99 bytes, but 10 are buffered
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () -> JdkSha256.resume(lying));
        assertTrue(mismatch.getMessage().contains("99 bytes hashed but 10 buffered"), mismatch.getMessage());
    }

    @Test
    void anUnknownForcedEngineIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sha256Engines.pick("openssl"));
        assertTrue(e.getMessage().contains("walrus.job.sha256=openssl"), e.getMessage());
        assertSame(Sha256Engines.REFERENCE, Sha256Engines.pick("reference"));
        assertSame(Sha256Engines.JDK, Sha256Engines.pick("jdk"));
    }

    @Test
    void withoutTheFlagAJvmFallsBackAndSaysWhichFlagIsMissing() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not exit");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("engine=reference"), out);
        assertTrue(out.contains("Bouncy Castle's digest") && out.contains(JdkSha256.JVM_FLAG), out);
        assertTrue(out.contains("digest=ok"), out);
    }

    /** Run in a JVM without the flag by the test above. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            System.out.println("engine=" + Sha256Engines.best().name());
            System.out.println(Sha256Engines.describe());
            byte[] data = new byte[1000];
            ResumableSha256 sha = ResumableSha256.resume(null);
            sha.update(data, 0, 300);
            ResumableSha256 resumed = ResumableSha256.resume(sha.saveState());
            resumed.update(data, 300, 700);
            boolean ok = Arrays.equals(resumed.digest(), MessageDigest.getInstance("SHA-256").digest(data));
            System.out.println("digest=" + (ok ? "ok" : "wrong"));
        }
    }
}

package dev.walrusstream.codec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory bound of the README: encoding a blob needs at most 6 × its size of heap plus a fixed
 * allowance (the n × n leaf-hash table, 32·n² bytes, and 64 MiB for the JVM and work areas).
 * Proven by encoding in a child JVM whose -Xmx is exactly that, input included.
 */
class EncodeMemoryIT {

    @ParameterizedTest
    @CsvSource({"1000,67108864", "100,33554432"})
    void encodesWithinSixTimesTheBlobPlusAFixedAllowance(int shards, int size) throws Exception {
        long heap = RedStuffParams.of(shards).encodeHeapBound(size);
        assertEquals(6L * size + 32L * shards * shards + (64L << 20), heap, "the README's bound");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx" + (heap >> 20) + "m", "--add-modules=jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), HeapBoundProbe.class.getName(),
                String.valueOf(shards), String.valueOf(size)))
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        String out = read(p);
        assertTrue(done, "encoding did not finish in time: " + out);
        assertEquals(0, p.exitValue(), "encoding " + size + " bytes at n=" + shards + " with -Xmx" + (heap >> 20)
                + "m failed:\n" + out);
        assertTrue(out.strip().matches("(?s).*[A-Za-z0-9_-]{43}$"), out);
    }

    private static String read(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

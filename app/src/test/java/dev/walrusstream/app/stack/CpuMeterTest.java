package dev.walrusstream.app.stack;

import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuMeterTest {
    private static final RedStuff CODEC = RedStuff.create();

    private static List<byte[]> blobs() {
        byte[] a = new byte[200_000];
        new Random(3).nextBytes(a);
        return List.of(a);
    }

    @Test
    void verifyingEverySliverCostsCpuAndIsMeasuredPerMBOfBlob() {
        double verifier = CpuMeter.verifierSecondsPerMB(CODEC, RedStuffParams.of(10), blobs(), 4);
        // a 200 KB blob verified again and again until 200 ms of CPU are measured: far below a second per MB
        assertTrue(verifier > 0 && verifier < 1, "verifier CPU s/MB " + verifier);
    }

    @Test
    void theProtocolFiguresAreMediansOfAlternatingRoundsAndTheFloorIsAboveTheEncoder() {
        CpuMeter.ProtocolCpu p = CpuMeter.protocol(CODEC, RedStuffParams.of(10), blobs(), 4, 3);
        assertTrue(p.encoderSecondsPerMB() > 0 && p.verifierSecondsPerMB() > 0, p.toString());
        // verifying every sliver is real work: the floor is the encoder plus something
        assertTrue(p.floorVsEncoder() > 1, p.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuMeter.protocol(CODEC, RedStuffParams.of(10), blobs(), 4, 0));
        assertTrue(e.getMessage().contains("rounds must be at least 1, got 0"), e.getMessage());
    }

    @Test
    void theCompilerThreadsCpuIsAPartOfTheProcesssOnLinux() {
        assertTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task")),
                "this test needs Linux's /proc/self/task");
        CpuMeter.verifierSecondsPerMB(CODEC, RedStuffParams.of(10), blobs(), 4); // hot code for the JIT
        long jit = CpuMeter.compilerCpuNanos();
        long process = CpuMeter.processCpuNanos();
        // a JVM that ran the codec has compiled it: its C1 and C2 threads were found by name and have CPU
        assertTrue(jit > 0, "compiler CPU " + jit + " ns");
        // a part of the process's CPU (whose clock ticks every 10 ms)
        assertTrue(jit <= process + 20_000_000L, "compiler CPU " + jit + " ns, process " + process + " ns");
        assertTrue(CpuMeter.compilerCpuNanos() >= jit, "the compilers' CPU never shrinks");
    }

    @Test
    void compilerShareIsRoundedAndUnknownWhereEitherFigureIs() {
        assertEquals(0.25, CpuMeter.compilerShare(250_000_000L, 1_000_000_000L));
        assertEquals(0.333, CpuMeter.compilerShare(1L, 3L));
        assertTrue(Double.isNaN(CpuMeter.compilerShare(-1, 1_000_000_000L)));
        assertTrue(Double.isNaN(CpuMeter.compilerShare(5, 0)));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, CpuMeter.median(new double[]{3, 1, 2}));
        assertEquals(2.5, CpuMeter.median(new double[]{4, 1, 3, 2}));
        assertEquals(7.0, CpuMeter.median(new double[]{7}));
    }

    @Test
    void refusesANodeCountTheShardsCannotGiveEachNodeOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuMeter.verifierSecondsPerMB(CODEC, RedStuffParams.of(10), blobs(), 11));
        assertTrue(e.getMessage().contains("10 shards") && e.getMessage().contains("got 11"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CpuMeter.verifierSecondsPerMB(CODEC, RedStuffParams.of(10), blobs(), 0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}

package dev.walrusstream.app.stack;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessCpuTest {
    /** Linux's CPU clock for another process ticks every 10 ms. */
    private static final long TICK = 10_000_000L;

    @Test
    void thisProcessMeasuredFromOutsideAgreesWithItsOwnMeter() {
        ProcessCpu self = new ProcessCpu(ProcessHandle.current().pid());
        long before = CpuMeter.processCpuNanos();
        long outside = self.cpuNanos();
        long after = CpuMeter.processCpuNanos();
        assertTrue(outside >= before - 2 * TICK && outside <= after + 2 * TICK,
                "outside " + outside + " ns, inside " + before + ".." + after + " ns");
        // this JVM has compiled code by now, and its compilers' CPU is found under /proc/PID/task too
        assertTrue(self.compilerNanos() > 0, "compiler CPU " + self.compilerNanos());
    }

    @Test
    void aBusyChildsCpuIsItsOwnAndGoneWithIt() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            ProcessCpu child = new ProcessCpu(busy.pid());
            long child0 = child.cpuNanos();
            long mine0 = CpuMeter.processCpuNanos();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long spent;
            // wait on the measured figure itself: 300 ms of the child's CPU
            while ((spent = child.cpuNanos() - child0) < 300_000_000L) {
                assertTrue(System.nanoTime() < deadline, "the busy child spent only " + spent + " ns in 30 s");
                Thread.sleep(20);
            }
            long mine = CpuMeter.processCpuNanos() - mine0;
            // the child's CPU is not this process's: polling it cost this JVM far less
            assertTrue(mine < spent / 2, "this JVM " + mine + " ns while the child spent " + spent + " ns");
            // a shell has no JIT: no compiler threads are found
            assertEquals(0, child.compilerNanos());
        } finally {
            busy.destroyForcibly();
            assertTrue(busy.waitFor(10, TimeUnit.SECONDS));
        }
        ProcessCpu ended = new ProcessCpu(busy.pid());
        IllegalStateException e = assertThrows(IllegalStateException.class, ended::cpuNanos);
        assertTrue(e.getMessage().contains("process " + busy.pid() + " has ended"), e.getMessage());
        assertEquals(-1, ended.compilerNanos());
    }

    @Test
    void refusesAProcessIdThatCannotBeOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProcessCpu(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}

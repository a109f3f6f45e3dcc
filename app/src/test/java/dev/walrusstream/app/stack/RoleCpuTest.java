package dev.walrusstream.app.stack;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleCpuTest {
    @Test
    void rolesAreNamesWithoutTheirNumber() {
        assertEquals("node", RoleCpu.role("node-0"));
        assertEquals("node", RoleCpu.role("node-12"));
        assertEquals("taskmanager", RoleCpu.role("taskmanager-0"));
        assertEquals("kafka", RoleCpu.role("kafka"));
        assertEquals("node-a", RoleCpu.role("node-a"));
    }

    @Test
    void twoBusyProcessesOfOneRoleAreSummedAndAnIdleOneIsApart() throws Exception {
        Process busy0 = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        Process busy1 = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        Process idle = new ProcessBuilder("sleep", "60").start();
        try {
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("busy-0", busy0.pid());
            pids.put("busy-1", busy1.pid());
            pids.put("idle", idle.pid());
            RoleCpu cpu = RoleCpu.of(pids);
            Map<String, Long> start = cpu.snapshot();
            ProcessCpu one = new ProcessCpu(busy1.pid());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // wait on the measured figure: the second busy process has spent 200 ms since the snapshot
            while (one.cpuNanos() - start.get("busy-1") < 200_000_000L) {
                assertTrue(System.nanoTime() < deadline, "the busy process did not get 200 ms of CPU in 30 s");
                Thread.sleep(20);
            }
            Map<String, Long> byRole = cpu.byRoleSince(start);
            assertEquals(List.of("busy", "idle"), List.copyOf(byRole.keySet()));
            assertTrue(byRole.get("busy") >= 200_000_000L, byRole.toString());
            assertTrue(byRole.get("idle") < 50_000_000L, byRole.toString());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.byRoleSince(Map.of("busy-0", 0L)));
            assertTrue(e.getMessage().contains("process busy-1"), e.getMessage());
        } finally {
            for (Process p : List.of(busy0, busy1, idle)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

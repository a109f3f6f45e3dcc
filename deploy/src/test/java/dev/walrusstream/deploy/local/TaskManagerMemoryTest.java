package dev.walrusstream.deploy.local;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskManagerMemoryTest {
    @Test
    void anotherTaskHeapChangesTheHeapAndTheProcessSizeAndNothingElse() {
        TaskManagerMemory d = TaskManagerMemory.DEFAULTS;
        TaskManagerMemory big = d.withTaskHeapMiB(2560);
        assertEquals(2560, big.taskHeap());
        assertEquals(d.frameworkHeap() + 2560, big.heapMiB());
        assertEquals(d.processMiB() - d.taskHeap() + 2560, big.processMiB());
        assertEquals(d.directMiB(), big.directMiB());
        // the JVM's heap options follow the configuration Flink checks them against
        assertEquals(List.of("-Xmx2688m", "-Xms2688m", "-XX:MaxDirectMemorySize=" + d.directMiB() + "m",
                "-XX:MaxMetaspaceSize=" + d.metaspace() + "m"), big.jvmOptions());
        assertEquals("2560m", big.configuration().get("taskmanager.memory.task.heap.size"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withTaskHeapMiB(0));
        assertTrue(e.getMessage().contains("taskHeap=0"), e.getMessage());
    }
}

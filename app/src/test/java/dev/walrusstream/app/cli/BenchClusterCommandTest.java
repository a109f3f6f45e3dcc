package dev.walrusstream.app.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchClusterCommandTest {
    @Test
    void theTaskManagerHeapIsASizeInBoundsNamedWhenNot() {
        assertEquals(2560, BenchClusterCommand.heapMiB("2560MiB"));
        assertEquals(2048, BenchClusterCommand.heapMiB("2GiB"));
        for (String bad : new String[]{"10MiB", "100GiB"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchClusterCommand.heapMiB(bad));
            assertTrue(e.getMessage().contains("--taskmanager-heap") && e.getMessage().contains(bad), e.getMessage());
        }
    }
}

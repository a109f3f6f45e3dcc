package dev.walrusstream.app.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StackOptionsTest {

    @Test
    void defaultsRunTheCommitteeOnLocalChainServedAsSui() {
        StackOptions d = StackOptions.defaults(Path.of("stack"));
        assertEquals(StackOptions.Ledger.SUI_LOCAL, d.ledger());
        StackOptions changed = d.withCommittee(10, 100).withParallelism(1).withLedger(StackOptions.Ledger.LOCAL)
                .withJob("segment.size", "1MiB");
        assertEquals(10, changed.nodes());
        assertEquals(100, changed.shards());
        assertEquals(1, changed.parallelism());
        assertEquals(StackOptions.Ledger.LOCAL, changed.ledger());
        assertEquals("1MiB", changed.jobOverrides().get("segment.size"));
        assertEquals(d.checkpointInterval(), changed.checkpointInterval());
    }

    @Test
    void ledgersByTheirCommandLineNames() {
        assertEquals(StackOptions.Ledger.SUI_LOCAL, StackOptions.Ledger.of("sui-local"));
        assertEquals(StackOptions.Ledger.LOCAL, StackOptions.Ledger.of("local"));
        assertEquals("unknown chain 'sui' (known: sui-local, local)",
                assertThrows(IllegalArgumentException.class, () -> StackOptions.Ledger.of("sui")).getMessage());
    }

    @Test
    void badLayoutsNameTheValues() {
        StackOptions d = StackOptions.defaults(Path.of("stack"));
        assertEquals("need 1 to 10 nodes and at least 4 shards, got 11 nodes and 10 shards",
                assertThrows(IllegalArgumentException.class, () -> d.withCommittee(11, 10)).getMessage());
        assertEquals("partitions and parallelism must be at least 1, got 2 and 0",
                assertThrows(IllegalArgumentException.class, () -> d.withParallelism(0)).getMessage());
    }
}

package dev.walrusstream.devnet.network;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports for services that bind later are picked below the kernel's ephemeral range, where no
 * outgoing connection can take them in the meantime (a full run once failed on a node port that a
 * client connection had taken), and they are free and distinct.
 */
class FreePortsTest {

    @Test
    void portsAreDistinctFreeAndBelowTheEphemeralRange() throws Exception {
        int[] range = FreePorts.ephemeralRange();
        assertTrue(range[0] > FreePorts.LOWEST, "this test needs room below the ephemeral range " + range[0]);
        int[] ports = FreePorts.pick("127.0.0.1", 12);
        Set<Integer> distinct = new HashSet<>();
        for (int port : ports) {
            assertTrue(port >= FreePorts.LOWEST && port < range[0],
                    "port " + port + " lies outside [" + FreePorts.LOWEST + ", " + range[0] + ")");
            distinct.add(port);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port));
            }
        }
        assertEquals(12, distinct.size(), "distinct ports: " + distinct);
    }
}

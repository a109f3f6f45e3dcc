package dev.walrusstream.devnet.network;

import dev.walrusstream.node.NodeConfigFile;
import com.fasterxml.jackson.databind.JsonNode;
import dev.walrusstream.chain.ChainJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** net init for processes on separate hosts: listen addresses, advertised names and fixed ports end up where each reader looks. */
class LocalNetworkAddressingTest {
    @TempDir
    Path dir;

    @Test
    void containersListenEverywhereAndAreReachedByName() throws Exception {
        LocalNetwork net = LocalNetwork.init(dir.resolve("net"), 3, 7,
                new LocalNetwork.Addressing("0.0.0.0", "walrus-chain", "walrus-node-{i}", 9100));
        for (int i = 0; i < 3; i++) {
            NodeConfigFile node = NodeConfigFile.read(dir.resolve("net/nodes/node-" + i + "/node.json"));
            assertEquals("0.0.0.0:" + (9101 + i), node.listen());
            assertEquals("http://walrus-chain:9100", node.chainUrl());
            assertEquals("walrus-node-" + i + ":" + (9101 + i), net.manifest().nodes().get(i).address());
        }
        JsonNode client = ChainJson.mapper().readTree(dir.resolve("net/client.json").toFile());
        assertEquals("http://walrus-chain:9100", client.path("chain").path("url").asText());
        JsonNode genesis = ChainJson.mapper().readTree(dir.resolve("net/chain/genesis.json").toFile());
        List<String> committee = new ArrayList<>();
        genesis.path("members").forEach(m -> committee.add(m.path("networkAddress").asText()));
        assertEquals(List.of("walrus-node-0:9101", "walrus-node-1:9102", "walrus-node-2:9103"), committee);
        assertEquals(9100, net.manifest().chainPort());
        assertEquals("0.0.0.0", net.manifest().host());
    }

    @Test
    void oneMachineKeepsOneAddressAndFreePorts() throws Exception {
        LocalNetwork net = LocalNetwork.init(dir.resolve("local"), 2, 4, "127.0.0.1");
        LocalNetwork.NodeEntry e = net.manifest().nodes().get(1);
        assertEquals("127.0.0.1:" + e.port(), e.address());
        assertEquals("http://127.0.0.1:" + net.manifest().chainPort(), net.chainUrl());
    }

    @Test
    void badAddressingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LocalNetwork.Addressing("0.0.0.0", " ", "n", 0));
        assertThrows(IllegalArgumentException.class, () -> new LocalNetwork.Addressing("0.0.0.0", "c", "n", 70000));
    }
}

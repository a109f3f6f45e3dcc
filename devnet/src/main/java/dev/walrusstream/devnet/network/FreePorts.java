package dev.walrusstream.devnet.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for services that bind them later (the network's nodes and ledger start after the
 * manifest that lists their ports is written). A port the kernel picks for {@code bind(0)} lies in
 * its ephemeral range, the same range it hands to outgoing connections, so any client connecting
 * meanwhile (Kafka, the ledger's followers) could take it before the service binds it. These ports
 * are picked below that range instead, from a random start, each checked free by binding it.
 * (The embedded Kafka and schema registry bind their ports at once and retry on a conflict, so
 * {@code dev.walrusstream.embedded.process.FreePorts} keeps to the kernel's choice; a network's
 * ports are fixed in its genesis and cannot be retried.)
 */
final class FreePorts {
    /** The kernel's ephemeral range on Linux; 32768–60999 when it cannot be read (other systems). */
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Lowest port handed out: above the well-known and most registered service ports. */
    static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 4_000;

    private FreePorts() {
    }

    /** {@code count} distinct ports free on {@code host} now, outside the ephemeral range when possible. */
    static int[] pick(String host, int count) throws IOException {
        int[] range = ephemeralRange();
        int below = range[0] - LOWEST;
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            int found = 0;
            if (below >= count) {
                int next = LOWEST + ThreadLocalRandom.current().nextInt(below);
                for (int attempt = 0; attempt < ATTEMPTS && found < count; attempt++) {
                    int port = next;
                    next = next + 1 < range[0] ? next + 1 : LOWEST;
                    ServerSocket s = tryBind(host, port);
                    if (s != null) {
                        sockets[found] = s;
                        ports[found++] = port;
                    }
                }
            }
            // nothing free below the range (or no room there): let the kernel choose
            for (; found < count; found++) {
                sockets[found] = new ServerSocket();
                sockets[found].bind(new InetSocketAddress(host, 0));
                ports[found] = sockets[found].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    private static ServerSocket tryBind(String host, int port) {
        ServerSocket s = null;
        try {
            s = new ServerSocket();
            s.bind(new InetSocketAddress(host, port));
            return s;
        } catch (IOException e) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing was bound
                }
            }
            return null;
        }
    }

    /** The first and last port of the kernel's ephemeral range. */
    static int[] ephemeralRange() {
        try {
            String[] parts = Files.readString(RANGE).trim().split("\\s+");
            int low = Integer.parseInt(parts[0]);
            int high = Integer.parseInt(parts[1]);
            if (low > 0 && low <= high && high <= 65535) {
                return new int[]{low, high};
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the usual Linux default
        }
        return new int[]{32768, 60999};
    }
}

package dev.walrusstream.app;

import dev.walrusstream.devnet.network.LocalNetwork;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs {@link Main} in this JVM and captures what it prints. */
final class Cli {
    record Run(int exit, String out, String err) {
    }

    /** A network made by {@code net init} through the launcher (what it printed: {@code init}) and started. */
    record Network(Run init, LocalNetwork network) {
        /** The client configuration the commands take as {@code --config}. */
        String config() {
            return network.clientConfig().toString();
        }
    }

    private Cli() {
    }

    /** {@code net init --dir DIR --nodes 4 --shards 10}, asserted to succeed, then the network started. */
    static Network initAndStart(Path dir) throws Exception {
        Run init = run("net", "init", "--dir", dir.toString(), "--nodes", "4", "--shards", "10");
        assertEquals(0, init.exit(), init.err());
        return new Network(init, LocalNetwork.open(dir).start());
    }

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}

package dev.walrusstream.app.cli;

import dev.walrusstream.crypto.EncryptionException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key options of the reading commands and the aggregators, parsed as picocli parses them. */
class KeyOptionsTest {
    @Test
    void readersTakeTheKeyOptionsOfRead() {
        for (Object command : new Object[] {new GetCommand(), new RestoreCommand(), new ReadQuiltCommand(),
                new AggregatorCommand()}) {
            CommandLine cli = new CommandLine(command);
            assertTrue(cli.getCommandSpec().optionsMap().containsKey("--key-file"), cli.getCommandName());
            assertTrue(cli.getCommandSpec().optionsMap().containsKey("--key-source"), cli.getCommandName());
        }
    }

    @Test
    void theAggregatorsKeyIsASpecAndUpDefaultsToTheJobs() {
        AggregatorCommand aggregator = new AggregatorCommand();
        new CommandLine(aggregator).parseArgs("--key-file", "k.key");
        assertEquals("file:" + Path.of("k.key").toAbsolutePath(), aggregator.keyOptions.spec());

        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs("--set", "encryption.key-source=env:KEK");
        assertEquals("env:KEK", up.aggregatorKeySpec(), "up's aggregator opens what the job seals");
        UpCommand own = new UpCommand();
        new CommandLine(own).parseArgs("--set", "encryption.key-source=env:KEK", "--aggregator-key-source", "env:OTHER");
        assertEquals("env:OTHER", own.aggregatorKeySpec());
        UpCommand plain = new UpCommand();
        new CommandLine(plain).parseArgs();
        assertNull(plain.aggregatorKeySpec());
        UpCommand both = new UpCommand();
        new CommandLine(both).parseArgs("--aggregator-key-file", "a", "--aggregator-key-source", "env:B");
        assertThrows(IllegalArgumentException.class, both::aggregatorKeySpec);
    }

    @Test
    void failuresNameTheKeyIdOrTheChunk() {
        RuntimeException refused = KeyOptions.failure("'a.bin'", new EncryptionException.KeyRefused("kek-0011",
                "blob X is encrypted with key ID 'kek-0011' and no key was given to read it", null));
        assertTrue(refused.getMessage().startsWith("refused: 'a.bin'") && refused.getMessage().contains("kek-0011")
                && refused.getMessage().contains("--key-file"), refused.getMessage());
        RuntimeException tampered = KeyOptions.failure("'a.bin'", new EncryptionException.Tampered(4, "chunk 4 failed", null));
        assertTrue(tampered.getMessage().contains("at chunk 4") && tampered.getMessage().contains("no plaintext was written"),
                tampered.getMessage());
    }
}

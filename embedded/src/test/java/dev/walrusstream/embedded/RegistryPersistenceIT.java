package dev.walrusstream.embedded;

import dev.walrusstream.schemas.WalrusSchemas;
import dev.walrusstream.schemas.registry.CompatibilityLevel;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With a data directory the registry keeps its schemas and ids across restarts, as records kept in a persistent
 * Kafka data directory need (they carry the ids).
 */
class RegistryPersistenceIT {

    @Test
    void idsSurviveARestart(@TempDir Path data) {
        RegistrySettings settings = RegistrySettings.defaults().withDataDir(data.resolve("registry"));
        int chunkId;
        int receiptId;
        try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(settings)) {
            SchemaRegistryClient c = first.client();
            c.register("warmup-value", WalrusSchemas.datasetManifest());
            chunkId = c.register("walrus.chunks-value", WalrusSchemas.blobChunk());
            receiptId = c.register("walrus.receipts-value", WalrusSchemas.blobReceipt());
        }
        try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(settings)) {
            SchemaRegistryClient c = second.client();
            assertEquals(WalrusSchemas.blobChunk(), c.schemaById(chunkId));
            assertEquals(WalrusSchemas.blobReceipt(), c.schemaById(receiptId));
            // registered in another order now: the ids stay what the first run gave out
            assertEquals(receiptId, c.register("walrus.receipts-value", WalrusSchemas.blobReceipt()));
            assertEquals(chunkId, c.register("walrus.chunks-value", WalrusSchemas.blobChunk()));
            assertEquals(CompatibilityLevel.BACKWARD, c.compatibility());
        }
    }
}

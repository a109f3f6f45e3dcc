package dev.walrusstream.sink;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalrusSinkBuilderTest {
    private static WalrusSink.Builder valid() {
        return WalrusSink.builder().clientConfigJson("{\"chain\":{}}").kafka("localhost:9092", "ws")
                .receipts("http://localhost:8081", "walrus.receipts");
    }

    @Test
    void buildsWithDefaultsAndRefusesBadValuesByName() {
        assertNotNull(valid().build());
        IllegalArgumentException epochs = assertThrows(IllegalArgumentException.class, () -> valid().epochs(0).build());
        assertTrue(epochs.getMessage().contains("epochs") && epochs.getMessage().contains("0"), epochs.getMessage());
        IllegalArgumentException kafka = assertThrows(IllegalArgumentException.class, () -> valid().kafka(" ", "ws").build());
        assertTrue(kafka.getMessage().contains("Kafka bootstrap servers"), kafka.getMessage());
        assertThrows(IllegalArgumentException.class, () -> valid().retryBackoff(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> valid().blobsInFlight(0).build());
        assertThrows(IllegalArgumentException.class, () -> WalrusSink.builder().kafka("k:1", "p").receipts("http://r", "t").build());
    }
}

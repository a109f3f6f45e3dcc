package dev.walrusstream.sink;

import dev.walrusstream.schemas.DeadLetter;
import dev.walrusstream.schemas.DeadLetterReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreFailureDeadLettersTest {
    @Test
    void aBlobThatFailedForGoodDeadLettersEveryPartWithPhaseAndReasonAndOthersNone() {
        BlobPart a = WalrusCommittableSerializerTest.part("u1", 0, "a.txt", Map.of());
        BlobPart b = WalrusCommittableSerializerTest.part("u2", 0, "b.txt", Map.of());
        WalrusCommittable ready = WalrusCommittableSerializerTest.ready(List.of(a, b));
        assertTrue(StoreFailureDeadLetters.deadLetters(ready, Instant.EPOCH).isEmpty());
        WalrusCommittable failed = ready.settled(WalrusCommittable.Status.ERROR, null, -1, -1,
                new WalrusCommittable.Failure("register", "RESOURCE_SIZE: 9 GB is more than the resource"), 1);
        List<DeadLetter> letters = StoreFailureDeadLetters.deadLetters(failed, Instant.EPOCH);
        assertEquals(2, letters.size());
        DeadLetter d = letters.get(0);
        assertEquals(DeadLetterReason.STORE_FAILED, d.getReason());
        assertEquals("u1", d.getUploadId());
        assertEquals(a.topic(), d.getTopic());
        assertEquals(a.partition(), d.getPartition());
        assertEquals(a.firstOffset(), d.getOffset());
        assertTrue(d.getMessage().contains("phase register") && d.getMessage().contains("RESOURCE_SIZE"), d.getMessage());
    }
}

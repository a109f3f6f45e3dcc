package dev.walrusstream.chain;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.ids.ObjectId;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A refusal of one call of a batch, re-made naming the call: what registerBlobs and certifyBlobs throw. */
class BatchNamingTest {

    @Test
    void aRegistrationRefusalNamesTheBlobAndItsPlaceAndKeepsTheRest() {
        BlobId blob = BlobId.of(new byte[BlobId.LENGTH]);
        ChainException.RuleViolation v = ChainException.violation(Rule.STORAGE_EXCEEDED, "needs 10 bytes", "size", 10);

        ChainException.RuleViolation named = RegistrationBatch.naming(v, blob, 2, 5);

        assertEquals(Rule.STORAGE_EXCEEDED, named.rule());
        assertEquals("registering blob " + blob + " (call 3 of 5): needs 10 bytes", named.detail());
        assertEquals(List.of("size", "blobId", "batchIndex"), List.copyOf(named.values().keySet()));
        assertEquals("10", named.values().get("size"));
        assertEquals(blob.toString(), named.values().get("blobId"));
        assertEquals("2", named.values().get("batchIndex"));
        assertSame(named, RegistrationBatch.naming(named, blob, 4, 5), "a refusal that names its place stays as it is");
    }

    @Test
    void aCertificationRefusalNamesTheObjectAndItsPlace() {
        ObjectId object = ObjectId.parse("0xb10b");
        ChainException.RuleViolation v = ChainException.violation(Rule.NOT_OWNER, "not yours", "objectId", object,
                "owner", "0xb0b");

        ChainException.RuleViolation named = CertificationBatch.naming(v, object, 0, 8);

        assertEquals(Rule.NOT_OWNER, named.rule());
        assertEquals("certifying blob object " + object + " (call 1 of 8): not yours", named.detail());
        assertEquals(List.of("objectId", "owner", "batchIndex"), List.copyOf(named.values().keySet()),
                "a value the refusal had keeps its place");
        assertEquals(object.toString(), named.values().get("objectId"));
        assertEquals("0", named.values().get("batchIndex"));
        ChainException.RuleViolation placed = ChainException.violation(Rule.INVALID_ARGUMENT, "twice", "batchIndex", 1);
        assertSame(placed, CertificationBatch.naming(placed, object, 3, 8));
    }
}

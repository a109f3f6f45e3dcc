package dev.walrusstream.chain;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.ids.ObjectId;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResultsTest {

    private static BlobObject blob(int n) {
        byte[] id = new byte[BlobId.LENGTH];
        id[0] = (byte) n;
        StorageResource storage = new StorageResource(ObjectId.parse("0x" + (100 + n)), 1, 3, 1024);
        return new BlobObject(ObjectId.parse("0x" + n), 1, BlobId.of(id), 10, 1, null, storage, false);
    }

    private static EventId event(int seq) {
        return new EventId("Digest", seq);
    }

    @Test
    void aBatchPaysTheSumOfItsPartsGasIncludingRebates() {
        Results.Registrations regs = new Results.Registrations(List.of(
                new Results.Registration(blob(1), 5, event(0), 1_000),
                new Results.Registration(blob(2), 5, event(1), 2_500)), 10, "Digest");
        Results.Certifications certs = new Results.Certifications(List.of(
                new Results.Certification(blob(1), event(0), 700),
                new Results.Certification(blob(2), event(1), -900)), "Digest");
        Results.Extensions exts = new Results.Extensions(List.of(
                new Results.Extension(blob(1), 3, event(0), 40),
                new Results.Extension(blob(2), 3, event(1), 60),
                new Results.Extension(blob(3), 3, event(2), 5)), 9, "Digest");

        assertEquals(3_500, regs.gasUsed());
        assertEquals(-200, certs.gasUsed(), "a rebate larger than the charge makes the sum negative");
        assertEquals(105, exts.gasUsed());
        assertEquals(0, Results.Paid.gasUsedBy(List.of()), "no parts, no gas");
    }
}

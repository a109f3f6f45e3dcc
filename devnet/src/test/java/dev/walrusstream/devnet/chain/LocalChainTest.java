package dev.walrusstream.devnet.chain;

import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.ConfirmationMessage;
import dev.walrusstream.chain.DeletableCounts;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.devnet.ledger.TestCommittees;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LocalChain's Walrus rules, each refusal leaving the ledger unchanged, and its persistence. */
class LocalChainTest {
    static final int N = 10;
    static final SuiAddress ALICE = TestCommittees.address("alice");
    static final SuiAddress BOB = TestCommittees.address("bob");
    static final long FUNDS = 10_000_000_000L;
    static final BlobMetadata META = RedStuff.create().encode(N, "hello walrus".getBytes(StandardCharsets.UTF_8)).metadata();
    static final long ENCODED = RedStuffParams.of(N).encodedLength(META.unencodedLength());

    @TempDir
    Path dir;
    LocalChain chain;

    @BeforeEach
    void open() throws Exception {
        chain = LocalChain.create(dir, TestCommittees.genesis(N, 4, ALICE, FUNDS), ALICE);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    Results.Registration register(boolean deletable) {
        return chain.reserveAndRegister(META.blobId(), META.rootHash(), META.unencodedLength(), 1, deletable, 3);
    }

    StorageCertificate certificate(BlobObject blob, int epoch, List<Integer> signers) {
        Committee c = chain.committee();
        byte[] msg = new ConfirmationMessage(epoch, blob.blobId(), blob.persistence()).toBcs();
        return StorageCertificate.aggregate(c, TestCommittees.sign(c, signers, msg), msg);
    }

    <T extends Throwable> ChainException.RuleViolation refused(Rule rule, Runnable op) {
        long balance = chain.balance(ALICE);
        long events = chain.events(EventCursor.START, 10_000, Duration.ZERO).events().size();
        ChainException.RuleViolation v = assertThrows(ChainException.RuleViolation.class, op::run);
        assertEquals(rule, v.rule(), v.getMessage());
        assertEquals(balance, chain.balance(ALICE), "a refusal must not charge");
        assertEquals(events, chain.events(EventCursor.START, 10_000, Duration.ZERO).events().size(),
                "a refusal must not emit events");
        return v;
    }

    @Test
    void saysItIsNotSui() {
        assertEquals("local", chain.info().kind());
        assertTrue(chain.info().description().contains("not Sui"));
        assertTrue(chain.toString().contains("not Sui"));
    }

    @Test
    void registersAndChargesStoragePlusWrite() {
        Results.Registration r = register(false);
        long units = (ENCODED + (1 << 20) - 1) >> 20;
        assertEquals(units * 100_000 * 3 + units * 20_000, r.cost());
        assertEquals(FUNDS - r.cost(), chain.balance(ALICE));
        assertEquals(1, r.blob().registeredEpoch());
        assertEquals(4, r.blob().endEpoch());
        assertEquals(ENCODED, r.blob().storage().storageSize());
        BlobStatus s = chain.blobStatus(META.blobId());
        assertEquals(new BlobStatus.Permanent(4, false, r.event(), DeletableCounts.NONE, null), s);
        EventPage page = chain.events(EventCursor.START, 10, Duration.ZERO);
        assertEquals(1, page.events().size());
        ChainEvent.BlobRegistered ev = (ChainEvent.BlobRegistered) page.events().get(0).event();
        assertEquals(r.blob().id(), ev.objectId());
        assertEquals(META.unencodedLength(), ev.size());
    }

    @Test
    void registerRules() {
        refused(Rule.INVALID_BLOB_ID, () -> chain.reserveAndRegister(META.blobId(), META.rootHash(),
                META.unencodedLength() + 1, 1, false, 3));
        refused(Rule.UNSUPPORTED_ENCODING_TYPE, () -> chain.reserveAndRegister(META.blobId(), META.rootHash(),
                META.unencodedLength(), 0, false, 3));
        refused(Rule.INVALID_ARGUMENT, () -> chain.reserveAndRegister(META.blobId(), new byte[31],
                META.unencodedLength(), 1, false, 3));
        refused(Rule.INVALID_ARGUMENT, () -> chain.reserveAndRegister(META.blobId(), META.rootHash(),
                RedStuffParams.of(N).maxBlobSize() + 1, 1, false, 3));
    }

    @Test
    void epochsAheadAndBalanceAndSize() {
        refused(Rule.INVALID_EPOCHS_AHEAD, () -> chain.reserveSpace(ENCODED, 0));
        refused(Rule.INVALID_EPOCHS_AHEAD, () -> chain.reserveSpace(ENCODED, 11));
        Results.Reservation small = chain.reserveSpace(ENCODED - 1, 2);
        refused(Rule.RESOURCE_SIZE, () -> chain.registerBlob(small.storage().id(), META.blobId(), META.rootHash(),
                META.unencodedLength(), 1, false));
        try (LocalChain bob = chain.forAccount(BOB)) {
            ChainException.RuleViolation v = assertThrows(ChainException.RuleViolation.class,
                    () -> bob.reserveSpace(ENCODED, 2));
            assertEquals(Rule.INSUFFICIENT_BALANCE, v.rule());
            assertEquals("0", v.values().get("balance"));
            v = assertThrows(ChainException.RuleViolation.class, () -> bob.registerBlob(small.storage().id(),
                    META.blobId(), META.rootHash(), META.unencodedLength(), 1, false));
            assertEquals(Rule.NOT_OWNER, v.rule());
        }
        chain.advanceEpoch();
        chain.advanceEpoch();
        refused(Rule.RESOURCE_BOUNDS, () -> chain.registerBlob(small.storage().id(), META.blobId(), META.rootHash(),
                META.unencodedLength(), 1, false));
    }

    @Test
    void certifiesWithQuorum() {
        Results.Registration r = register(false);
        // members hold 3, 3, 2, 2 shards of 10; quorum is 7
        Results.Certification c = chain.certifyBlob(r.blob().id(), certificate(r.blob(), 1, List.of(0, 1, 2)));
        assertEquals(1, c.blob().certifiedEpoch());
        BlobStatus s = chain.blobStatus(META.blobId());
        assertEquals(new BlobStatus.Permanent(4, true, c.event(), DeletableCounts.NONE, 1), s);
        assertTrue(chain.events(EventCursor.START, 10, Duration.ZERO).events().get(1).event()
                instanceof ChainEvent.BlobCertified);
        refused(Rule.ALREADY_CERTIFIED, () -> chain.certifyBlob(r.blob().id(), certificate(r.blob(), 1, List.of(0, 1, 2))));
    }

    @Test
    void certificateRules() {
        Results.Registration r = register(false);
        BlobObject blob = r.blob();
        ChainException.RuleViolation v = refused(Rule.NOT_ENOUGH_WEIGHT,
                () -> chain.certifyBlob(blob.id(), certificate(blob, 1, List.of(0, 2))));
        assertEquals("7", v.values().get("required"));
        assertEquals("5", v.values().get("weight"));
        StorageCertificate good = certificate(blob, 1, List.of(0, 1, 2));
        refused(Rule.INVALID_BITMAP, () -> chain.certifyBlob(blob.id(),
                new StorageCertificate(good.signature(), new byte[] {(byte) 0x17}, good.message())));
        refused(Rule.INVALID_BITMAP, () -> chain.certifyBlob(blob.id(),
                new StorageCertificate(good.signature(), new byte[] {7, 0}, good.message())));
        refused(Rule.SIGNATURE_INVALID, () -> chain.certifyBlob(blob.id(),
                new StorageCertificate(good.signature(), new byte[] {0b1011}, good.message())));
        byte[] otherMessage = good.message().clone();
        otherMessage[10] ^= 1;
        refused(Rule.SIGNATURE_INVALID, () -> chain.certifyBlob(blob.id(),
                new StorageCertificate(good.signature(), good.signersBitmap(), otherMessage)));
        refused(Rule.PERSISTENCE_TYPE_MISMATCH, () -> {
            Committee c = chain.committee();
            byte[] msg = new ConfirmationMessage(1, blob.blobId(), new PersistenceType.Deletable(blob.id())).toBcs();
            chain.certifyBlob(blob.id(), StorageCertificate.aggregate(c, TestCommittees.sign(c, List.of(0, 1, 2), msg), msg));
        });
        chain.advanceEpoch();
        v = refused(Rule.EPOCH_MISMATCH, () -> chain.certifyBlob(blob.id(), good));
        assertEquals("1", v.values().get("certificateEpoch"));
        assertEquals("2", v.values().get("currentEpoch"));
        try (LocalChain bob = chain.forAccount(BOB)) {
            assertEquals(Rule.NOT_OWNER, assertThrows(ChainException.RuleViolation.class,
                    () -> bob.certifyBlob(blob.id(), certificate(blob, 2, List.of(0, 1, 2)))).rule());
        }
        chain.certifyBlob(blob.id(), certificate(blob, 2, List.of(0, 1, 2)));
    }

    @Test
    void deletableBlobsDeleteAndExtend() {
        Results.Registration perm = register(false);
        Results.Registration del = register(true);
        refused(Rule.OBJECT_ID_MISMATCH, () -> {
            Committee c = chain.committee();
            byte[] msg = new ConfirmationMessage(1, META.blobId(), new PersistenceType.Deletable(perm.blob().id())).toBcs();
            chain.certifyBlob(del.blob().id(), StorageCertificate.aggregate(c, TestCommittees.sign(c, List.of(0, 1, 2), msg), msg));
        });
        refused(Rule.NOT_CERTIFIED, () -> chain.extendBlob(del.blob().id(), 2));
        chain.certifyBlob(del.blob().id(), certificate(del.blob(), 1, List.of(0, 1, 3)));
        assertEquals(new DeletableCounts(1, 1), ((BlobStatus.Permanent) chain.blobStatus(META.blobId())).deletableCounts());
        assertEquals(1, chain.ownedBlobObjects(META.blobId()).stream().filter(BlobObject::deletable).count());
        Results.Extension ext = chain.extendBlob(del.blob().id(), 2);
        assertEquals(6, ext.blob().endEpoch());
        refused(Rule.INVALID_EPOCHS_AHEAD, () -> chain.extendBlob(del.blob().id(), 6));
        refused(Rule.BLOB_NOT_DELETABLE, () -> chain.deleteBlob(perm.blob().id()));
        Results.Deletion d = chain.deleteBlob(del.blob().id());
        assertEquals(del.blob().storage().id(), d.storage().id());
        assertTrue(chain.blobObject(del.blob().id()).isEmpty());
        assertEquals(DeletableCounts.NONE, ((BlobStatus.Permanent) chain.blobStatus(META.blobId())).deletableCounts());
        ChainEvent.BlobDeleted ev = (ChainEvent.BlobDeleted) chain.events(EventCursor.START, 100, Duration.ZERO)
                .events().stream().filter(e -> e.event() instanceof ChainEvent.BlobDeleted).findFirst().orElseThrow().event();
        assertTrue(ev.wasCertified());
        refused(Rule.OBJECT_NOT_FOUND, () -> chain.deleteBlob(del.blob().id()));
    }

    @Test
    void onlyDeletableRegistrationsGiveDeletableStatus() {
        Results.Registration del = register(true);
        assertEquals(new BlobStatus.Deletable(null, new DeletableCounts(1, 0)), chain.blobStatus(META.blobId()));
        chain.deleteBlob(del.blob().id());
        assertEquals(BlobStatus.Nonexistent.INSTANCE, chain.blobStatus(META.blobId()));
    }

    @Test
    void expiredBlobsAreNonexistent() {
        Results.Registration r = chain.reserveAndRegister(META.blobId(), META.rootHash(), META.unencodedLength(), 1, false, 1);
        assertTrue(chain.blobStatus(META.blobId()).isRegistered());
        chain.advanceEpoch();
        assertEquals(BlobStatus.Nonexistent.INSTANCE, chain.blobStatus(META.blobId()));
        refused(Rule.RESOURCE_BOUNDS, () -> chain.certifyBlob(r.blob().id(), certificate(r.blob(), 2, List.of(0, 1, 2))));
    }

    @Test
    void survivesRestartAndDropsATornLastEntry() throws Exception {
        Results.Registration r = register(false);
        chain.certifyBlob(r.blob().id(), certificate(r.blob(), 1, List.of(0, 1, 2)));
        chain.advanceEpoch();
        long balance = chain.balance(ALICE);
        BlobStatus status = chain.blobStatus(META.blobId());
        EventPage events = chain.events(EventCursor.START, 100, Duration.ZERO);
        chain.close();
        Files.writeString(dir.resolve("journal.jsonl"), "{\"seq\":99,\"dig", StandardOpenOption.APPEND);
        chain = LocalChain.open(dir, ALICE);
        assertEquals(2, chain.currentEpoch());
        assertEquals(balance, chain.balance(ALICE));
        assertEquals(status, chain.blobStatus(META.blobId()));
        assertEquals(events, chain.events(EventCursor.START, 100, Duration.ZERO));
        assertEquals(r.blob().id(), chain.ownedBlobObjects(META.blobId()).get(0).id());
        // the ledger keeps working after the torn entry was dropped
        chain.fund(BOB, 5);
        chain.close();
        chain = LocalChain.open(dir, ALICE);
        assertEquals(5, chain.balance(BOB));
    }

    @Test
    void eventsWaitForNewOnes() throws Exception {
        EventPage empty = chain.events(EventCursor.START, 10, Duration.ofMillis(50));
        assertTrue(empty.events().isEmpty());
        assertEquals(EventCursor.START, empty.next());
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            chain.advanceEpoch();
        });
        t.start();
        long start = System.nanoTime();
        EventPage page = chain.events(EventCursor.START, 10, Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        assertEquals(new ChainEvent.EpochChanged(2), page.events().get(0).event());
        assertFalse(chain.events(page.next(), 10, Duration.ZERO).events().iterator().hasNext());
        t.join();
        refused(Rule.INVALID_ARGUMENT, () -> chain.events(new EventCursor("999"), 1, Duration.ZERO));
    }
}

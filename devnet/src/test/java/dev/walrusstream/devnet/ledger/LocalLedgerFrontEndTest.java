package dev.walrusstream.devnet.ledger;

import dev.walrusstream.devnet.chain.LocalChain;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.devnet.ledger.TestCommittees;
import dev.walrusstream.chain.bls.BlsPublicKey;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hooks a front end (LocalChain's Sui facade) uses: dry runs, attachments, records, exact storage sizes. */
class LocalLedgerFrontEndTest {
    static final int N = 10;
    static final SuiAddress ALICE = TestCommittees.address("alice");
    static final BlobMetadata META = RedStuff.create().encode(N, "front end".getBytes(StandardCharsets.UTF_8)).metadata();
    static final long ENCODED = RedStuffParams.of(N).encodedLength(META.unencodedLength());

    @TempDir
    Path dir;

    private Results.Registration register(LocalLedger ledger, long storageSize) {
        return ledger.reserveAndRegister(ALICE, META.blobId(), META.rootHash(), META.unencodedLength(), 1, false, 3,
                storageSize);
    }

    @Test
    void dryRunGivesTheResultOfTheNextCommitAndChangesNothing() throws Exception {
        try (LocalLedger ledger = LocalLedger.create(dir, TestCommittees.genesis(N, 4, ALICE, 10_000_000_000L))) {
            long balance = ledger.balance(ALICE);
            Results.Registration dry = ledger.dryRun(() -> register(ledger, -1));
            assertEquals(0, ledger.lastTxSeq());
            assertEquals(balance, ledger.balance(ALICE));
            assertEquals(0, ledger.eventCount());
            assertTrue(Files.readString(dir.resolve(LocalLedger.JOURNAL_FILE)).isEmpty());
            Results.Registration real = register(ledger, -1);
            assertEquals(dry.blob(), real.blob());
            assertEquals(dry.cost(), real.cost());
            assertEquals(balance - real.cost(), ledger.balance(ALICE));
            // refusals surface from dry runs exactly as from the real transaction
            ChainException.RuleViolation v = assertThrows(ChainException.RuleViolation.class,
                    () -> ledger.dryRun(() -> ledger.reserveSpace(ALICE, 1000, 99)));
            assertEquals(Rule.INVALID_EPOCHS_AHEAD, v.rule());
        }
    }

    @Test
    void attachmentsAndRecordsAreJournalledWithTheTransactionAndReplayed() throws Exception {
        ObjectNode a = JsonNodeFactory.instance.objectNode().put("sui", "register");
        ObjectNode b = JsonNodeFactory.instance.objectNode().put("sui", "gas only");
        try (LocalLedger ledger = LocalLedger.create(dir, TestCommittees.genesis(N, 4, ALICE, 10_000_000_000L))) {
            ledger.withAttachment(a, () -> register(ledger, -1));
            assertEquals(2, ledger.record("sui_failed", ALICE, b));
            ledger.advanceEpoch();
        }
        List<TxEffects> replayed = new ArrayList<>();
        try (LocalLedger ledger = LocalLedger.open(dir, replayed::add)) {
            assertEquals(3, replayed.size());
            assertEquals(a, replayed.get(0).attachment());
            assertEquals(b, replayed.get(1).attachment());
            assertTrue(replayed.get(1).events().isEmpty());
            assertNull(replayed.get(2).attachment());
            assertEquals(3, ledger.lastTxSeq());
            // BlobRegistered, then EpochChanged and EpochChangeDone (no shard moved: done at once)
            assertEquals(3, ledger.events(EventCursor.START, 10, Duration.ZERO).events().size());
        }
        // plain transactions keep the journal format of before: no attachment field
        String journal = Files.readString(dir.resolve(LocalLedger.JOURNAL_FILE));
        assertEquals(2, journal.split("attachment", -1).length - 1);
    }

    @Test
    void reserveAndRegisterWithAnExplicitStorageSize() throws Exception {
        try (LocalLedger ledger = LocalLedger.create(dir, TestCommittees.genesis(N, 4, ALICE, 10_000_000_000L))) {
            ChainException.RuleViolation small = assertThrows(ChainException.RuleViolation.class,
                    () -> register(ledger, ENCODED - 1));
            assertEquals(Rule.RESOURCE_SIZE, small.rule());
            long big = 3 * 1024 * 1024;
            Results.Registration r = register(ledger, big);
            assertEquals(big, r.blob().storage().storageSize());
            assertEquals(ledger.info().storageCost(big, 3) + ledger.info().writeCost(ENCODED), r.cost());
            assertEquals(big, ledger.usedCapacity());
        }
    }

    @Test
    void uncompressedPublicKeysRoundTrip() {
        for (int i = 0; i < 3; i++) {
            BlsPublicKey key = TestCommittees.key(i).publicKey();
            byte[] raw = key.uncompressedBytes();
            assertEquals(BlsPublicKey.UNCOMPRESSED_LENGTH, raw.length);
            assertEquals(key, BlsPublicKey.fromUncompressed(raw));
            assertEquals(key, BlsPublicKey.fromOnChainBytes(raw));
            assertEquals(key, BlsPublicKey.fromOnChainBytes(key.bytes()));
            byte[] flagged = raw.clone();
            flagged[0] |= (byte) 0x80;
            assertThrows(IllegalArgumentException.class, () -> BlsPublicKey.fromUncompressed(flagged));
            byte[] offCurve = raw.clone();
            offCurve[95] ^= 1;
            assertThrows(IllegalArgumentException.class, () -> BlsPublicKey.fromUncompressed(offCurve));
            // the forms are cached: a caller scribbling on what it got changes nothing, and a refused
            // form stays refused
            raw[5] ^= 1;
            assertEquals(key, BlsPublicKey.fromUncompressed(key.uncompressedBytes()));
            assertThrows(IllegalArgumentException.class, () -> BlsPublicKey.fromUncompressed(offCurve));
        }
        assertArrayEquals(TestCommittees.key(0).publicKey().uncompressedBytes(),
                BlsPublicKey.fromBytes(TestCommittees.key(0).publicKey().bytes()).uncompressedBytes());
    }
}

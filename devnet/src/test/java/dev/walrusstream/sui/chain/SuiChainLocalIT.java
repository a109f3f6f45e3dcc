package dev.walrusstream.sui.chain;

import dev.walrusstream.devnet.chain.LocalChain;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.sui.config.SuiServices;
import dev.walrusstream.sui.keys.SignedTransaction;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.devnet.sui.LocalSuiFixture;
import dev.walrusstream.sui.rpc.SuiClient;
import dev.walrusstream.sui.rpc.TransactionRejectedException;
import dev.walrusstream.sui.tx.GasData;
import dev.walrusstream.sui.tx.PtbBuilder;
import dev.walrusstream.sui.tx.Pure;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.tx.TransactionExpiration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SuiChain end to end against LocalChain served over the sui.rpc.v2 gRPC subset on loopback:
 * the committee and prices from the Walrus objects, registration and certification with real BLS
 * certificates and Ed25519-signed transactions, events from checkpoints, Walrus's refusals as
 * rules with their phase, and a ledger that reopens with everything it had.
 */
class SuiChainLocalIT {
    static final SuiKeyPair ALICE = LocalSuiFixture.key("alice");
    static final SuiKeyPair BOB = LocalSuiFixture.key("bob");
    static final long BOB_WAL = 1_000;

    @TempDir
    Path dir;
    LocalSuiFixture net;

    @BeforeEach
    void start() throws Exception {
        net = LocalSuiFixture.create(dir, Map.of(ALICE, LocalSuiFixture.FUNDS, BOB, BOB_WAL));
    }

    @AfterEach
    void stop() throws Exception {
        if (net != null) {
            net.close();
        }
    }

    SuiChain chain(SuiKeyPair key) {
        return net.openChain(key);
    }

    static BlobMetadata blob(String text) {
        return RedStuff.create().encode(LocalSuiFixture.SHARDS, text.getBytes(StandardCharsets.UTF_8)).metadata();
    }

    static Results.Registration register(SuiChain chain, BlobMetadata m, boolean deletable) {
        return chain.reserveAndRegister(m.blobId(), m.rootHash(), m.unencodedLength(), 1, deletable, 3);
    }

    long sui(SuiChain chain, SuiKeyPair key) {
        return chain.client().balance(key.address(), SuiServices.SUI_COIN_TYPE).total();
    }

    @Test
    void registersAndCertifiesAndFollowsEventsFromCheckpoints() {
        SuiChain alice = chain(ALICE);
        ChainInfo info = alice.info();
        assertEquals("sui", info.kind());
        assertEquals(LocalSuiFixture.SHARDS, info.nShards());
        assertEquals(1, info.epoch());
        assertEquals(100_000, info.storagePricePerUnitSize());
        assertEquals(20_000, info.writePricePerUnitSize());
        assertEquals(10, info.maxEpochsAhead());
        assertTrue(info.description().contains("not Sui"), info.description());
        Committee committee = alice.committee();
        assertEquals(net.sui.committee(), committee);
        assertEquals(List.of(0, 1, 2), committee.member(0).shards());

        long wal = alice.balance(alice.account().orElseThrow());
        long gas = sui(alice, ALICE);
        assertEquals(LocalSuiFixture.FUNDS, wal);
        BlobMetadata m = blob("hello sui");
        long encoded = RedStuffParams.of(LocalSuiFixture.SHARDS).encodedLength(m.unencodedLength());
        Results.Registration reg = register(alice, m, false);
        assertEquals(info.storageCost(encoded, 3) + info.writeCost(encoded), reg.cost());
        assertEquals(wal - reg.cost(), alice.balance(alice.account().orElseThrow()));
        assertTrue(sui(alice, ALICE) < gas, "gas was paid in SUI");
        BlobObject registered = reg.blob();
        assertEquals(m.blobId(), registered.blobId());
        assertFalse(registered.isCertified());
        assertEquals(4, registered.endEpoch());
        assertEquals(List.of(registered), alice.ownedBlobObjects(m.blobId()));

        Results.Certification cert = alice.certifyBlob(registered.id(), LocalSuiFixture.certificate(committee,
                List.of(0, 1, 2), 1, m.blobId(), PersistenceType.Permanent.INSTANCE));
        assertEquals(1, cert.blob().certifiedEpoch());
        assertEquals(cert.blob(), alice.blobObject(registered.id()).orElseThrow());

        // a read-only follower (what a storage node uses) sees both events, in order, with their IDs
        SuiChain follower = chain(null);
        assertTrue(follower.account().isEmpty());
        EventPage page = follower.events(EventCursor.START, 100, Duration.ofSeconds(5));
        assertEquals(2, page.events().size(), page.events().toString());
        assertInstanceOf(ChainEvent.BlobRegistered.class, page.events().get(0).event());
        assertEquals(reg.event(), page.events().get(0).id());
        ChainEvent.BlobCertified certified = assertInstanceOf(ChainEvent.BlobCertified.class,
                page.events().get(1).event());
        assertEquals(m.blobId(), certified.blobId());
        assertEquals(cert.event(), page.events().get(1).id());
        // resuming after the first event gives the second only; after the last, nothing until something happens
        EventPage rest = follower.events(page.events().get(0).cursor(), 100, Duration.ZERO);
        assertEquals(List.of(page.events().get(1)), rest.events());
        EventPage none = follower.events(page.next(), 100, Duration.ofMillis(300));
        assertTrue(none.events().isEmpty());
        // the rest of the last event's checkpoint was scanned: the cursor moves past it, and stays at the head
        assertEquals(new EventCursor("sui:" + (net.sui.checkpointHeight() + 1) + ":-1:-1"), none.next());
        EventPage head = follower.events(none.next(), 100, Duration.ZERO);
        assertTrue(head.events().isEmpty());
        assertEquals(none.next(), head.next());
        // a follower waiting at the tip wakes for the next registration
        Thread t = new Thread(() -> register(alice, blob("second"), true));
        t.start();
        EventPage next = follower.events(page.next(), 100, Duration.ofSeconds(10));
        assertEquals(1, next.events().size());
        assertTrue(((ChainEvent.BlobRegistered) next.events().get(0).event()).deletable());
        assertThrows(ChainException.RuleViolation.class, () -> follower.reserveSpace(1000, 1));
    }

    @Test
    void certificatesWithoutQuorumOrForAnotherEpochAreRefusedInTheCertifyPhase() {
        SuiChain alice = chain(ALICE);
        BlobMetadata m = blob("refusals");
        Results.Registration reg = register(alice, m, false);
        Committee committee = alice.committee();
        long gas = sui(alice, ALICE);
        ChainException.RuleViolation weak = assertThrows(ChainException.RuleViolation.class,
                () -> alice.certifyBlob(reg.blob().id(), LocalSuiFixture.certificate(committee, List.of(0), 1,
                        m.blobId(), PersistenceType.Permanent.INSTANCE)));
        assertEquals(Rule.NOT_ENOUGH_WEIGHT, weak.rule());
        assertTrue(weak.getMessage().startsWith("NOT_ENOUGH_WEIGHT: certify: "), weak.getMessage());
        assertTrue(weak.getMessage().contains("dry run (nothing paid)"), weak.getMessage());
        assertEquals("certify", weak.values().get("phase"));
        assertEquals("bls_aggregate", weak.values().get("module"));
        assertEquals(gas, sui(alice, ALICE), "a refused dry run costs nothing");

        var old = LocalSuiFixture.certificate(committee, List.of(0, 1, 2), 1, m.blobId(),
                PersistenceType.Permanent.INSTANCE);
        assertEquals(2, net.sui.advanceEpoch());
        ChainException.RuleViolation epoch = assertThrows(ChainException.RuleViolation.class,
                () -> alice.certifyBlob(reg.blob().id(), old));
        assertEquals(Rule.EPOCH_MISMATCH, epoch.rule());
        assertTrue(epoch.getMessage().contains("certify: "), epoch.getMessage());
        // confirmations collected again in the new epoch certify
        Committee now = alice.committee();
        assertEquals(2, now.epoch());
        assertEquals(2, alice.certifyBlob(reg.blob().id(), LocalSuiFixture.certificate(now, List.of(1, 2, 3), 2,
                m.blobId(), PersistenceType.Permanent.INSTANCE)).blob().certifiedEpoch());
        EventPage events = chain(null).events(EventCursor.START, 100, Duration.ofSeconds(5));
        assertTrue(events.events().stream().anyMatch(r -> r.event() instanceof ChainEvent.EpochChanged e && e.epoch() == 2),
                events.events().toString());
    }

    @Test
    void committeeChangesAreReadFromTheStakingObjectAsTheSdkReadsThem() throws Exception {
        SuiChain reader = chain(null);
        assertEquals(dev.walrusstream.chain.EpochState.Phase.DONE, reader.epochState().phase());
        Committee before = reader.committee();
        dev.walrusstream.chain.StorageNodeInfo spare = LocalSuiFixture.spare(0);
        net.sui.registerNode(spare, 0);
        net.sui.moveStake(before.member(2).nodeId(), spare.nodeId(), before.member(2).weight());
        assertEquals(2, net.sui.advanceEpoch());

        reader = chain(null); // a fresh reader: the first one caches what it read for its cache time
        Committee now = reader.committee();
        assertEquals(net.sui.committee(), now, "the new member's pool gives its name, address and key");
        assertEquals(before.member(2).shards(), now.member(now.indexOf(spare.nodeId())).shards());
        assertEquals(-1, now.indexOf(before.member(2).nodeId()));
        assertEquals(before.withEpoch(1), reader.previousCommittee().orElseThrow(),
                "previous_committee with keys and addresses from the pools");
        dev.walrusstream.chain.EpochState syncing = reader.epochState();
        assertTrue(syncing.isSyncing(), syncing.toString());
        assertEquals(2, syncing.epoch());
        assertEquals(0, syncing.syncedWeight(), "EpochChangeSync(0): every member reports");

        // the new committee, joiner included, certifies in epoch 2
        SuiChain alice = chain(ALICE);
        BlobMetadata m = blob("after the change");
        Results.Registration reg = register(alice, m, false);
        List<Integer> signers = List.of(now.indexOf(spare.nodeId()), (now.indexOf(spare.nodeId()) + 1) % 4,
                (now.indexOf(spare.nodeId()) + 2) % 4);
        assertEquals(2, alice.certifyBlob(reg.blob().id(), LocalSuiFixture.certificate(now, signers, 2, m.blobId(),
                PersistenceType.Permanent.INSTANCE)).blob().certifiedEpoch());

        net.sui.epochSyncDone(spare.nodeId(), 2);
        assertEquals(now.member(now.indexOf(spare.nodeId())).weight(), chain(null).epochState().syncedWeight(),
                "EpochChangeSync(weight) counts the reported shards");
        for (int i = 0; i < now.size() && net.sui.epochState().isSyncing(); i++) {
            net.sui.epochSyncDone(now.member(i).nodeId(), 2);
        }
        assertEquals(dev.walrusstream.chain.EpochState.Phase.DONE, chain(null).epochState().phase());
        EventPage events = chain(null).events(EventCursor.START, 100, Duration.ofSeconds(5));
        List<ChainEvent> epochEvents = events.events().stream().map(r -> r.event())
                .filter(e -> e instanceof ChainEvent.EpochChanged || e instanceof ChainEvent.EpochChangeDone).toList();
        assertEquals(List.of(new ChainEvent.EpochChanged(2), new ChainEvent.EpochChangeDone(2)), epochEvents);

        net.close();
        net = LocalSuiFixture.open(dir);
        SuiChain reopened = chain(null);
        assertEquals(now, reopened.committee(), "replay restores the committee, the new pool and the epoch state");
        assertEquals(dev.walrusstream.chain.EpochState.Phase.DONE, reopened.epochState().phase());
        assertEquals(before.withEpoch(1), reopened.previousCommittee().orElseThrow());
    }

    @Test
    void tooLittleWalIsRefusedBeforeAnythingIsSent() {
        SuiChain bob = chain(BOB);
        long gas = sui(bob, BOB);
        BlobMetadata m = blob("no money");
        ChainException.RuleViolation v = assertThrows(ChainException.RuleViolation.class, () -> register(bob, m, false));
        assertEquals(Rule.INSUFFICIENT_BALANCE, v.rule());
        assertTrue(v.getMessage().contains("register: nothing was sent"), v.getMessage());
        assertEquals(BOB_WAL, bob.balance(bob.account().orElseThrow()));
        assertEquals(gas, sui(bob, BOB));
        // with WAL from the faucet the same registration goes through
        net.sui.mintWal(BOB.address(), 10_000_000_000L);
        assertEquals(m.blobId(), register(bob, m, false).blob().blobId());
    }

    @Test
    void aCoinSpentByAnotherClientOfTheSameAccountIsReadAgainAndTheWriteRetried() {
        SuiChain first = chain(ALICE);
        SuiChain second = chain(ALICE);
        register(first, blob("one"), false); // first's pools now hold alice's coins as they were
        // second spends three WAL coins at once (a reservation too large for one or two coins merges them)
        long units = 600L * 1024;
        Results.Reservation big = second.reserveSpace(units * 1024 * 1024, 10);
        assertTrue(big.cost() > LocalSuiFixture.FUNDS / 2, "the reservation needs three coins: " + big.cost());
        long wal0 = first.balance(first.account().orElseThrow());
        // Sui refuses first's transaction (stale coin versions, nothing paid); first reads its coins
        // again and builds it anew
        assertEquals(blob("two").blobId(), register(first, blob("two"), false).blob().blobId());
        long wal1 = first.balance(first.account().orElseThrow());
        // an equal registration without any collision costs the same: the retried one was paid once
        assertEquals(blob("six").blobId(), register(first, blob("six"), false).blob().blobId());
        long wal2 = first.balance(first.account().orElseThrow());
        assertEquals(wal1 - wal2, wal0 - wal1, "WAL paid for the retried registration");
    }

    @Test
    void concurrentWritersOfOneClientNeverShareACoin() throws Exception {
        SuiChain alice = chain(ALICE);
        long before = net.sui.checkpointHeight();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Results.Registration>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                BlobMetadata m = blob("concurrent " + i);
                futures.add(threads.submit(() -> register(alice, m, false)));
            }
            java.util.Set<ObjectId> objects = new java.util.HashSet<>();
            for (var f : futures) {
                objects.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS).blob().id());
            }
            assertEquals(6, objects.size());
        } finally {
            threads.shutdownNow();
        }
        // six transactions executed, none failed or was refused for a coin another writer held
        assertEquals(before + 6, net.sui.checkpointHeight());
    }

    @Test
    void transactionsSignedByAnotherKeyAreRefused() {
        try (SuiClient client = SuiClient.connect(net.config(ALICE).endpoint(), net.config(ALICE).clientOptions())) {
            var gasCoin = client.listCoins(ALICE.address(), SuiServices.SUI_COIN_TYPE).get(0);
            PtbBuilder ptb = new PtbBuilder();
            ptb.transferObjects(List.of(ptb.splitCoins(new dev.walrusstream.sui.tx.Argument.GasCoin(),
                    ptb.pure(Pure.u64(5)))), ptb.pure(Pure.address(BOB.address())));
            TransactionData tx = new TransactionData(ptb.build(), ALICE.address(),
                    new GasData(List.of(gasCoin.ref()), ALICE.address(), 1_000, 10_000_000), TransactionExpiration.NONE);
            TransactionRejectedException e = assertThrows(TransactionRejectedException.class,
                    () -> client.execute(new SignedTransaction(tx, List.of(BOB.signTransaction(tx)))));
            assertTrue(e.description().contains("is not the sender"), e.getMessage());
            var done = client.executeAndWait(SignedTransaction.sign(tx, ALICE));
            assertTrue(done.status().isSuccess(), done.status().toString());
            assertTrue(done.isCheckpointed());
        }
    }

    @Test
    void aReopenedLedgerHasItsObjectsTransactionsAndCheckpoints() throws Exception {
        SuiChain alice = chain(ALICE);
        BlobMetadata m = blob("persisted");
        Results.Registration reg = register(alice, m, true);
        EventPage before = chain(null).events(EventCursor.START, 100, Duration.ofSeconds(5));
        long height = net.sui.checkpointHeight();
        var object = net.sui.object(reg.blob().id()).orElseThrow();
        net.close(); // with the chains it opened
        net = LocalSuiFixture.open(dir);
        assertEquals(height, net.sui.checkpointHeight());
        assertEquals(object, net.sui.object(object.id()).orElseThrow());
        SuiChain again = chain(ALICE);
        assertEquals(before.events(), chain(null).events(EventCursor.START, 100, Duration.ofSeconds(5)).events());
        assertEquals(List.of(reg.blob()), again.ownedBlobObjects(m.blobId()));
        Results.Deletion d = again.deleteBlob(reg.blob().id());
        assertEquals(reg.blob().storage().storageSize(), d.storage().storageSize());
        assertTrue(again.blobObject(reg.blob().id()).isEmpty());
    }

}

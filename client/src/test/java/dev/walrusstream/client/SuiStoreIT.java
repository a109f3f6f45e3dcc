package dev.walrusstream.client;

import dev.walrusstream.testsupport.Networks;

import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.chain.bls.BlsSignature;
import dev.walrusstream.client.internal.NodeApi;
import dev.walrusstream.client.internal.Transport;
import dev.walrusstream.client.internal.WriteSession;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.sui.chain.SuiChain;
import dev.walrusstream.sui.keys.SuiKeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The storage client on SuiChain, end to end on this machine: LocalChain served as a Sui ledger
 * over gRPC on loopback (Ed25519-signed transactions, coins, gas, checkpoints), four real storage
 * node servers over HTTP that learn registrations by following the checkpoints, confirmations
 * with real BLS signatures, certification checked on chain; certificates the contract refuses;
 * and a restart of everything from the directory.
 */
class SuiStoreIT {
    static final SuiKeyPair ALICE = SuiKeyPair.fromSeed(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});

    @TempDir
    static Path dir;
    static LocalNetwork net;
    static SuiChain chain;
    static StorageClient client;

    @BeforeAll
    static void start() throws Exception {
        net = Networks.createSui(dir, 4, 10, ALICE);
        chain = Networks.suiChain(net, ALICE);
        client = new StorageClient(chain, Clients.OPTIONS);
    }

    @AfterAll
    static void stop() {
        client.close();
        chain.close();
        net.close();
    }

    @Test
    void storesOnSuiAndNodesLearnTheBlobFromCheckpoints() throws Exception {
        byte[] data = Networks.random(150_000, 7);
        long wal = chain.balance(chain.account().orElseThrow());
        StoreResult r = client.store(data, StoreOptions.permanent(3));
        StoreResult.NewlyCreated created = assertInstanceOf(StoreResult.NewlyCreated.class, r, r.toString());
        long encoded = RedStuffParams.of(10).encodedLength(data.length);
        assertEquals(chain.info().storageCost(encoded, 3) + chain.info().writeCost(encoded), created.cost());
        assertEquals(wal - created.cost(), chain.balance(chain.account().orElseThrow()));
        assertEquals(chain.info().epoch(), created.blobObject().certifiedEpoch());
        assertTrue(created.confirmedBy().size() >= 3, created.confirmedBy().toString());
        // the object on Sui, and every node's own view, learnt from the events in the checkpoints
        assertEquals(created.blobObject(), chain.blobObject(created.blobObject().id()).orElseThrow());
        awaitCertifiedOnAllNodes(created);
        BlobStatus status = chain.blobStatus(created.blobId());
        assertTrue(status instanceof BlobStatus.Permanent p && p.certified() && p.statusEvent().equals(
                created.certifiedEvent()), status.toString());
        assertArrayEquals(data, client.read(created.blobId()));
        // storing it again pays nothing: the nodes report it certified long enough
        assertInstanceOf(StoreResult.AlreadyCertified.class, client.store(data, StoreOptions.permanent(2)));
    }

    private static void awaitCertifiedOnAllNodes(StoreResult.NewlyCreated created) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            BlobStatusReport report = client.status(created.blobId());
            boolean all = report.nodes().stream().allMatch(n -> n.status() instanceof BlobStatus.Permanent p
                    && p.certified() || n.status() instanceof BlobStatus.Deletable d
                    && d.deletableCounts().countDeletableCertified() > 0);
            if (all) {
                for (int i = 0; i < net.size(); i++) {
                    assertTrue(net.node(i).eventsApplied() >= 2, "node " + i);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nodes did not all see the certification: " + report);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void certificatesFromRealNodeConfirmationsAreCheckedOnChain() throws Exception {
        EncodedBlob blob = RedStuff.create().encode(10, Networks.random(40_000, 11));
        Results.Registration reg = chain.reserveAndRegister(blob.blobId(), blob.metadata().rootHash(),
                blob.unencodedLength(), 1, true, 2);
        PersistenceType persistence = reg.blob().persistence();
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            Transport transport = new Transport(Clients.OPTIONS, pool);
            Committee committee = chain.committee();
            WriteSession.Certified quorum = assertInstanceOf(WriteSession.Certified.class,
                    new WriteSession(transport, pool, pool).run(blob, committee, persistence));
            // one node's confirmation alone is no quorum
            byte[][] one = new NodeApi(committee.member(0), transport).confirmation(blob.blobId(), persistence,
                    Duration.ofSeconds(5));
            StorageCertificate weak = StorageCertificate.aggregate(committee, Map.of(0, BlsSignature.fromBytes(one[1])),
                    one[0]);
            ChainException.RuleViolation v = assertThrows(ChainException.RuleViolation.class,
                    () -> chain.certifyBlob(reg.blob().id(), weak));
            assertEquals(Rule.NOT_ENOUGH_WEIGHT, v.rule());
            assertTrue(v.getMessage().contains("certify: "), v.getMessage());
            // confirmations of the previous epoch no longer certify
            net.localSui().advanceEpoch();
            ChainException.RuleViolation late = assertThrows(ChainException.RuleViolation.class,
                    () -> chain.certifyBlob(reg.blob().id(), quorum.certificate()));
            assertEquals(Rule.EPOCH_MISMATCH, late.rule());
            assertTrue(late.getMessage().contains("certify: "), late.getMessage());
            // the nodes confirm again in the new epoch, and that certifies
            Committee now = chain.committee();
            assertEquals(committee.epoch() + 1, now.epoch());
            WriteSession.Certified again = awaitQuorum(transport, pool, blob, now, persistence);
            Results.Certification done = chain.certifyBlob(reg.blob().id(), again.certificate());
            assertEquals(now.epoch(), done.blob().certifiedEpoch());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Nodes take the new epoch from the event; until then they sign for the old one. */
    private static WriteSession.Certified awaitQuorum(Transport transport, ExecutorService pool, EncodedBlob blob,
                                                      Committee committee, PersistenceType persistence) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            WriteSession.Outcome o = new WriteSession(transport, pool, pool).run(blob, committee, persistence);
            if (o instanceof WriteSession.Certified c) {
                return c;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no quorum in epoch " + committee.epoch() + ": " + o);
            }
            Thread.sleep(200);
        }
    }

    @Test
    void tooLittleWalFailsTheRegisterPhase() throws Exception {
        SuiKeyPair poor = SuiKeyPair.fromSeed(new byte[32]);
        net.localSui().mintSui(poor.address(), 5_000_000_000L);
        net.localSui().mintWal(poor.address(), 10);
        try (SuiChain c = Networks.suiChain(net, poor); StorageClient pc = new StorageClient(c, Clients.OPTIONS)) {
            StoreResult r = pc.store(Networks.random(1000, 3), StoreOptions.permanent(1));
            StoreResult.Failed f = assertInstanceOf(StoreResult.Failed.class, r, r.toString());
            assertEquals(Phase.REGISTER, f.phase());
            assertTrue(f.message().startsWith("INSUFFICIENT_BALANCE: register: "), f.message());
            assertEquals(10, c.balance(c.account().orElseThrow()));
        }
    }

    @Test
    void everythingComesBackFromTheDirectory() throws Exception {
        byte[] data = Networks.random(20_000, 99);
        StoreResult.NewlyCreated before = assertInstanceOf(StoreResult.NewlyCreated.class,
                client.store(data, StoreOptions.deletable(2)));
        awaitCertifiedOnAllNodes(before);
        long[] applied = new long[net.size()];
        for (int i = 0; i < applied.length; i++) {
            applied[i] = net.node(i).eventsApplied();
        }
        net.close();
        Networks.startSui(net);
        // nodes resume from the cursor they stored: no event is applied twice
        for (int i = 0; i < applied.length; i++) {
            assertEquals(applied[i], net.node(i).eventsApplied(), "node " + i);
        }
        try (SuiChain again = Networks.suiChain(net, ALICE); StorageClient c = new StorageClient(again, Clients.OPTIONS)) {
            assertArrayEquals(data, c.read(before.blobId()));
            assertEquals(before.blobObject(), again.blobObject(before.blobObject().id()).orElseThrow());
            assertInstanceOf(StoreResult.NewlyCreated.class, c.store(Networks.random(5_000, 100),
                    StoreOptions.permanent(1)));
        }
    }

    /**
     * SuiChain reports each write's gas from the transaction effects: a store's register and certify
     * report together exactly the SUI the account's coins lost.
     */
    @Test
    void everyWriteReportsTheGasItsTransactionPaid() throws Exception {
        java.util.List<dev.walrusstream.chain.Results.Paid> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (SuiChain own = Networks.suiChain(net, ALICE);
             dev.walrusstream.sui.rpc.SuiClient sui = dev.walrusstream.sui.rpc.SuiClient.connect(
                     dev.walrusstream.sui.rpc.SuiEndpoint.parse(net.servedUrl()), dev.walrusstream.sui.rpc.SuiClientOptions.DEFAULT)) {
            dev.walrusstream.chain.Chain recording = (dev.walrusstream.chain.Chain) java.lang.reflect.Proxy.newProxyInstance(
                    dev.walrusstream.chain.Chain.class.getClassLoader(), new Class<?>[]{dev.walrusstream.chain.Chain.class},
                    (proxy, m, args) -> {
                        Object result;
                        try {
                            result = m.invoke(own, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (result instanceof dev.walrusstream.chain.Results.Paid p) {
                            seen.add(p);
                        }
                        return result;
                    });
            StorageClient c = new StorageClient(recording, Clients.OPTIONS);
            own.balance(own.account().orElseThrow()); // coins and objects looked up before the count starts
            long before = sui.balance(ALICE.address(), dev.walrusstream.sui.config.SuiServices.SUI_COIN_TYPE).total();
            StoreResult r = c.store(Networks.random(30_000, 4242), StoreOptions.permanent(2));
            assertInstanceOf(StoreResult.NewlyCreated.class, r, r.toString());
            long after = sui.balance(ALICE.address(), dev.walrusstream.sui.config.SuiServices.SUI_COIN_TYPE).total();
            long reported = seen.stream().mapToLong(dev.walrusstream.chain.Results.Paid::gasUsed).sum();
            assertTrue(seen.size() >= 2 && seen.stream().allMatch(p -> p.gasUsed() > 0), "register and certify paid gas: " + seen);
            assertEquals(before - after, reported, "the SUI the coins lost is the gas the writes reported: " + seen);
        }
    }
}

package dev.walrusstream.sui.walrus;

import dev.walrusstream.chain.ConfirmationMessage;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.coins.Coin;
import dev.walrusstream.sui.coins.InsufficientCoinsException;
import dev.walrusstream.sui.config.SuiConfig;
import dev.walrusstream.sui.config.SuiServices;
import dev.walrusstream.sui.exec.GasPolicy;
import dev.walrusstream.sui.fake.FakeLedger;
import dev.walrusstream.sui.fake.FakeSuiServer;
import dev.walrusstream.sui.fake.FakeWalrusState;
import dev.walrusstream.sui.keys.KeySource;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.rpc.ExecutedTransaction;
import dev.walrusstream.sui.rpc.MovePackage;
import dev.walrusstream.sui.rpc.SuiEvent;
import dev.walrusstream.sui.rpc.TransactionFailedException;
import dev.walrusstream.sui.rpc.TransactionRejectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Register and certify through the whole Sui layer (config, key, coin pools, dry run, signing,
 * gRPC, checkpoint wait) against the loopback server, whose ledger applies Walrus's payment,
 * blob-ID and epoch checks.
 */
class WalrusContractIT {
    private static final SuiKeyPair KEY = SuiKeyPair.fromSeed(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    private static final long ENCODED = 5 * 1024 * 1024 - 100; // 5 storage units

    private FakeSuiServer server;
    private SuiServices sui;

    @BeforeEach
    void start() throws Exception {
        server = new FakeSuiServer(Duration.ofMillis(100));
        server.ledger.installWalrus();
        sui = SuiServices.open(SuiConfig.builder().network(server.url()).key(KeySource.parse(KEY.toSuiPrivateKey()))
                .walrusSystemObject(FakeWalrusState.SYSTEM).walCoinType(FakeWalrusState.WAL_TYPE)
                .gasPolicy(new GasPolicy(50_000_000L, 2_000_000_000L, Duration.ofSeconds(20))).build());
    }

    @AfterEach
    void stop() throws Exception {
        sui.close();
        server.close();
    }

    private static BlobRegistration blob(int seed, int epochs) {
        byte[] root = new byte[32];
        Arrays.fill(root, (byte) seed);
        long size = 4_000_000 + seed;
        return new BlobRegistration(BlobId.derive(1, size, root), root, size, ENCODED, 1, epochs, false);
    }

    private void fund(int gasCoins, long... wal) {
        for (int i = 0; i < gasCoins; i++) {
            server.ledger.addCoin(KEY.address(), FakeLedger.SUI, 1_000_000_000L);
        }
        for (long w : wal) {
            server.ledger.addCoin(KEY.address(), FakeWalrusState.WAL_TYPE, w);
        }
    }

    @Test
    void readsTheSystemObject() {
        WalrusSystemSnapshot s = sui.walrus().refresh();
        assertEquals(new WalrusSystemRef(FakeWalrusState.SYSTEM, FakeWalrusState.SYSTEM_ISV, FakeWalrusState.PACKAGE),
                s.ref());
        assertEquals(7, s.state().epoch());
        assertEquals(new StoragePrices(100, 20), s.state().prices());
        MovePackage pkg = sui.client().getPackage(s.ref().packageId());
        assertTrue(pkg.typeOrigins().stream().anyMatch(t -> t.datatype().equals("BlobCertified")));
    }

    @Test
    void registersAndCertifiesPayingWalInPlace() {
        fund(1, 800, 800); // registration costs 5·100·2 + 5·20 = 1100: both coins are merged
        BlobRegistration reg = blob(1, 2);

        WalrusCostEstimate estimate = sui.walrus().estimateRegistration(reg);
        assertEquals(1000, estimate.walStorageCost());
        assertEquals(100, estimate.walWriteCost());
        assertTrue(estimate.gas().budget() >= estimate.gas().simulated().computationCost());
        assertEquals(0, server.calls("ExecuteTransaction"), "estimating pays nothing");

        RegisteredBlob registered = sui.walrus().register(reg);
        assertEquals(1100, registered.walCost());
        assertTrue(registered.checkpoint() > 0);
        var blobObject = server.ledger.object(registered.blobObject().objectId());
        assertEquals(registered.blobObject(), blobObject.ref());
        assertEquals(KEY.address(), blobObject.owner());
        List<Coin> wal = sui.client().listCoins(KEY.address(), FakeWalrusState.WAL_TYPE);
        assertEquals(1, wal.size(), "the second WAL coin was merged into the first");
        assertEquals(1600 - 1100, wal.get(0).balance());

        ExecutedTransaction tx = sui.client().getTransaction(registered.transaction()).orElseThrow();
        SuiEvent event = tx.events().get(0);
        assertTrue(event.eventType().endsWith("::events::BlobRegistered"));
        BcsReader r = new BcsReader(event.contents());
        assertEquals(7, r.u32());
        assertArrayEquals(reg.blobId().bytes(), r.fixedBytes(32));

        BlobCertificate cert = new BlobCertificate(new byte[96], SignersBitmap.of(List.of(0, 1), 2),
                new ConfirmationMessage(7, reg.blobId(), PersistenceType.Permanent.INSTANCE).toBcs());
        ExecutedTransaction certified = sui.walrus().certify(registered.blobObject(), cert);
        assertTrue(certified.isCheckpointed());
        assertTrue(certified.events().get(0).eventType().endsWith("::events::BlobCertified"));
    }

    @Test
    void wrongEpochIsCaughtBeforePaying() {
        fund(1, 5000);
        RegisteredBlob registered = sui.walrus().register(blob(2, 1));
        int executes = server.calls("ExecuteTransaction");
        BlobCertificate stale = new BlobCertificate(new byte[96], SignersBitmap.of(List.of(0, 1), 2),
                new ConfirmationMessage(6, blob(2, 1).blobId(), PersistenceType.Permanent.INSTANCE).toBcs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sui.walrus().certify(registered.blobObject(), stale));
        assertTrue(e.getMessage().contains("certificate is for epoch 6 but Walrus is in epoch 7"), e.getMessage());

        // the chain moves on to epoch 8 after the snapshot was taken: the dry run aborts, nothing is paid
        server.ledger.walrus.epoch = 8;
        BlobCertificate seven = new BlobCertificate(new byte[96], SignersBitmap.of(List.of(0, 1), 2),
                new ConfirmationMessage(7, blob(2, 1).blobId(), PersistenceType.Permanent.INSTANCE).toBcs());
        TransactionFailedException f = assertThrows(TransactionFailedException.class,
                () -> sui.walrus().certify(registered.blobObject(), seven));
        assertTrue(f.getMessage().startsWith("certify (dry run, nothing paid)"), f.getMessage());
        assertTrue(f.getMessage().contains("abort code 3 in system_state_inner"), f.getMessage());
        assertEquals(executes, server.calls("ExecuteTransaction"));
    }

    @Test
    void insufficientWalFailsBeforeAnyTransaction() {
        fund(1, 500);
        InsufficientCoinsException e = assertThrows(InsufficientCoinsException.class,
                () -> sui.walrus().register(blob(3, 2)));
        assertTrue(e.getMessage().contains("need 1100, free 500 in 1 coins"), e.getMessage());
        assertEquals(0, server.calls("SimulateTransaction"));

        // prices went up on chain but the snapshot is old: the dry run aborts in the payment
        server.ledger.walrus.storagePricePerUnit = 1000;
        server.ledger.addCoin(KEY.address(), FakeWalrusState.WAL_TYPE, 700);
        TransactionFailedException f = assertThrows(TransactionFailedException.class,
                () -> sui.walrus().register(blob(3, 1)));
        assertTrue(f.getMessage().startsWith("register (dry run, nothing paid)"), f.getMessage());
        assertTrue(f.getMessage().contains("abort code 2 in balance::split"), f.getMessage());
        assertEquals(0, server.calls("ExecuteTransaction"));
        // after refreshing the prices the estimate shows the real cost
        server.ledger.refreshWalrusInner();
        sui.walrus().refresh();
        assertEquals(5 * 1000, sui.walrus().snapshot().state().prices().storageCost(ENCODED, 1));
    }

    @Test
    void staleObjectVersionIsRefusedWithAClearError() {
        fund(1, 5000);
        RegisteredBlob registered = sui.walrus().register(blob(4, 1));
        ObjectRef old = registered.blobObject();
        sui.walrus().certify(old, new BlobCertificate(new byte[96], SignersBitmap.of(List.of(0), 2),
                new ConfirmationMessage(7, blob(4, 1).blobId(), PersistenceType.Permanent.INSTANCE).toBcs()));
        TransactionRejectedException e = assertThrows(TransactionRejectedException.class,
                () -> sui.walrus().certify(old, new BlobCertificate(new byte[96], SignersBitmap.of(List.of(0), 2),
                        new ConfirmationMessage(7, blob(4, 1).blobId(), PersistenceType.Permanent.INSTANCE).toBcs())));
        assertTrue(e.getMessage().contains("unavailable for consumption"), e.getMessage());
        assertTrue(e.getMessage().contains(old.objectId().toString()), e.getMessage());
    }

    @Test
    void concurrentWritersUseDisjointCoins() throws Exception {
        fund(4, 2500, 2500, 2500, 2500);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<RegisteredBlob>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int seed = 10 + i;
            futures.add(threads.submit(() -> sui.walrus().register(blob(seed, 2))));
        }
        Set<ObjectId> blobs = new HashSet<>();
        for (Future<RegisteredBlob> f : futures) {
            blobs.add(f.get(60, TimeUnit.SECONDS).blobObject().objectId());
        }
        threads.shutdown();
        assertEquals(8, blobs.size());
        assertEquals(8, server.calls("ExecuteTransaction"), "no transaction was refused for a shared coin");
        long walLeft = sui.client().listCoins(KEY.address(), FakeWalrusState.WAL_TYPE).stream()
                .mapToLong(Coin::balance).sum();
        assertEquals(10_000 - 8 * 1100, walLeft);
        assertEquals(SuiAddress.class, KEY.address().getClass());
    }
}

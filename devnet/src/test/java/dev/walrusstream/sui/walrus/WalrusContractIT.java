package dev.walrusstream.sui.walrus;

import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.coins.Coin;
import dev.walrusstream.sui.coins.InsufficientCoinsException;
import dev.walrusstream.devnet.sui.LocalSuiFixture;
import dev.walrusstream.devnet.sui.SuiFaults;
import dev.walrusstream.sui.config.SuiServices;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.rpc.ExecutedTransaction;
import dev.walrusstream.sui.rpc.MovePackage;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.SuiEvent;
import dev.walrusstream.sui.rpc.TransactionFailedException;
import dev.walrusstream.sui.rpc.TransactionRejectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Register and certify through the whole Sui layer (config, key, coin pools, dry run, signing,
 * gRPC, checkpoint wait) against devnet's LocalSui on loopback, whose ledger applies Walrus's payment,
 * blob-ID, certificate and epoch checks. Walrus's prices are set to 100 and 20 FROST per unit
 * (LocalSui's price control), so a 5-unit blob stored for 2 epochs costs 5·100·2 + 5·20 = 1100 WAL.
 */
class WalrusContractIT {
    private static final SuiKeyPair KEY = SuiKeyPair.fromSeed(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    /** Unencoded size: Red Stuff on 10 shards makes it 5 storage units (checked in {@link #blob}). */
    private static final long SIZE = 1_150_000;

    @TempDir
    Path dir;
    private final SuiFaults server = new SuiFaults();
    private LocalSuiFixture net;
    private SuiServices sui;
    private int epoch;

    @BeforeEach
    void start() throws Exception {
        net = LocalSuiFixture.create(dir, Map.of(), server);
        net.sui.setPrices(100, 20);
        epoch = net.sui.walrusEpoch();
        sui = SuiServices.open(net.config(KEY));
    }

    @AfterEach
    void stop() {
        sui.close();
        net.close();
    }

    private static BlobRegistration blob(int seed, int epochs) {
        byte[] root = new byte[32];
        Arrays.fill(root, (byte) seed);
        long size = SIZE + seed;
        long encoded = RedStuffParams.of(LocalSuiFixture.SHARDS).encodedLength(size);
        assertEquals(5, ChainInfo.storageUnits(encoded), "the blob is meant to take 5 storage units");
        return new BlobRegistration(BlobId.derive(1, size, root), root, size, encoded, 1, epochs, false);
    }

    /** A certificate of the whole committee over the blob's confirmation message for {@code certEpoch}. */
    private BlobCertificate certificate(int certEpoch, BlobId blobId) {
        var committee = net.sui.committee();
        StorageCertificate c = LocalSuiFixture.certificate(committee, IntStream.range(0, committee.size()).boxed()
                .toList(), certEpoch, blobId, PersistenceType.Permanent.INSTANCE);
        return new BlobCertificate(c.signature(), c.signersBitmap(), c.message());
    }

    private void fund(int gasCoins, long... wal) {
        for (int i = 0; i < gasCoins; i++) {
            net.sui.mintSui(KEY.address(), 1_000_000_000L);
        }
        for (long w : wal) {
            net.sui.mintWal(KEY.address(), w);
        }
    }

    @Test
    void readsTheSystemObject() {
        WalrusSystemSnapshot s = sui.walrus().refresh();
        long isv = ((Owner.Shared) sui.client().getObject(net.sui.ids().systemObject()).owner()).initialSharedVersion();
        assertEquals(new WalrusSystemRef(net.sui.ids().systemObject(), isv, net.sui.ids().currentPackage()), s.ref());
        assertEquals(epoch, s.state().epoch());
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
        var blobObject = net.sui.object(registered.blobObject().objectId()).orElseThrow();
        assertEquals(registered.blobObject(), blobObject.ref());
        assertEquals(new Owner.AddressOwner(KEY.address()), blobObject.owner());
        List<Coin> wal = sui.client().listCoins(KEY.address(), net.sui.ids().walCoinType());
        assertEquals(1, wal.size(), "the second WAL coin was merged into the first");
        assertEquals(1600 - 1100, wal.get(0).balance());

        ExecutedTransaction tx = sui.client().getTransaction(registered.transaction()).orElseThrow();
        SuiEvent event = tx.events().get(0);
        assertTrue(event.eventType().endsWith("::events::BlobRegistered"));
        BcsReader r = new BcsReader(event.contents());
        assertEquals(epoch, r.u32());
        assertArrayEquals(reg.blobId().bytes(), r.fixedBytes(32));

        ExecutedTransaction certified = sui.walrus().certify(registered.blobObject(), certificate(epoch, reg.blobId()));
        assertTrue(certified.isCheckpointed());
        assertTrue(certified.events().get(0).eventType().endsWith("::events::BlobCertified"));
    }

    @Test
    void wrongEpochIsCaughtBeforePaying() {
        fund(1, 5000);
        RegisteredBlob registered = sui.walrus().register(blob(2, 2));
        int executes = server.calls("ExecuteTransaction");
        BlobCertificate stale = certificate(epoch - 1, blob(2, 2).blobId());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sui.walrus().certify(registered.blobObject(), stale));
        assertTrue(e.getMessage().contains("certificate is for epoch " + (epoch - 1) + " but Walrus is in epoch "
                + epoch), e.getMessage());

        // the chain moves on to the next epoch after the snapshot was taken: the dry run aborts, nothing is paid
        BlobCertificate current = certificate(epoch, blob(2, 2).blobId());
        net.sui.advanceEpoch();
        TransactionFailedException f = assertThrows(TransactionFailedException.class,
                () -> sui.walrus().certify(registered.blobObject(), current));
        assertTrue(f.getMessage().startsWith("certify (dry run, nothing paid)"), f.getMessage());
        assertTrue(f.getMessage().contains("abort code 1 in messages::new_certified_message"), f.getMessage());
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
        net.sui.setPrices(1000, 20);
        net.sui.mintWal(KEY.address(), 700);
        TransactionFailedException f = assertThrows(TransactionFailedException.class,
                () -> sui.walrus().register(blob(3, 1)));
        assertTrue(f.getMessage().startsWith("register (dry run, nothing paid)"), f.getMessage());
        assertTrue(f.getMessage().contains("abort code 2 in balance::split"), f.getMessage());
        assertEquals(0, server.calls("ExecuteTransaction"));
        // after refreshing the prices the estimate shows the real cost
        sui.walrus().refresh();
        assertEquals(5 * 1000, sui.walrus().snapshot().state().prices().storageCost(blob(3, 1).encodedSize(), 1));
    }

    @Test
    void staleObjectVersionIsRefusedWithAClearError() {
        fund(1, 5000);
        RegisteredBlob registered = sui.walrus().register(blob(4, 1));
        ObjectRef old = registered.blobObject();
        sui.walrus().certify(old, certificate(epoch, blob(4, 1).blobId()));
        TransactionRejectedException e = assertThrows(TransactionRejectedException.class,
                () -> sui.walrus().certify(old, certificate(epoch, blob(4, 1).blobId())));
        assertTrue(e.getMessage().contains("is not available for consumption"), e.getMessage());
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
        long walLeft = sui.client().listCoins(KEY.address(), net.sui.ids().walCoinType()).stream()
                .mapToLong(Coin::balance).sum();
        assertEquals(10_000 - 8 * 1100, walLeft);
        assertEquals(SuiAddress.class, KEY.address().getClass());
    }
}

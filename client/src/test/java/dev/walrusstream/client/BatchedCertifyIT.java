package dev.walrusstream.client;

import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.testsupport.Networks;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.chain.SuiChain;
import dev.walrusstream.sui.config.SuiServices;
import dev.walrusstream.sui.keys.SuiKeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StorageClient#certifyAll} on SuiChain against LocalSui with four real storage nodes: the k
 * blobs of one checkpoint certify in ONE Sui transaction (counted by checkpoints: LocalSui makes one
 * per transaction), against k one by one; the SUI gas of both is printed. A batch applied before a
 * crash is recognised on retry (already certified, no transaction); a blob refused for good is
 * isolated and the others still certify.
 */
class BatchedCertifyIT {
    static final SuiKeyPair ALICE = SuiKeyPair.fromSeed(new byte[] {
        9, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});
    static final int K = 8;

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

    static long transactions() {
        return chain.client().latestCheckpoint("sequence_number").sequenceNumber();
    }

    static long sui() {
        return chain.client().balance(chain.account().orElseThrow(), SuiServices.SUI_COIN_TYPE)
                .total();
    }

    /** k blobs registered and confirmed by the nodes, ready to certify, and their data. */
    static List<Prepared.Ready> prepared(int k, long seed, List<byte[]> data) throws Exception {
        List<Prepared.Ready> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            byte[] d = Networks.random(20_000 + i * 1000, seed + i);
            data.add(d);
            Prepared p = client.prepare(RedStuff.create().encode(10, d), StoreOptions.permanent(2));
            out.add(assertInstanceOf(Prepared.Ready.class, p, p.toString()));
        }
        return out;
    }

    static List<StorageClient.ToCertify> entries(List<Prepared.Ready> rs) {
        return rs.stream().map(r -> new StorageClient.ToCertify(r.object().id(), r.certificate())).toList();
    }

    @Test
    void kBlobsCertifyInOneSuiTransactionAgainstKOneByOne() throws Exception {
        List<byte[]> data = new ArrayList<>();
        List<Prepared.Ready> single = prepared(K, 100, data);
        List<Prepared.Ready> batched = prepared(K, 200, data);

        long tx0 = transactions();
        long sui0 = sui();
        for (Prepared.Ready r : single) {
            assertInstanceOf(StoreResult.NewlyCreated.class, client.certify(r.object().id(), r.certificate()));
        }
        long singleTx = transactions() - tx0;
        long singleGas = sui0 - sui();

        long tx1 = transactions();
        long sui1 = sui();
        List<StoreResult> results = client.certifyAll(entries(batched));
        long batchTx = transactions() - tx1;
        long batchGas = sui1 - sui();

        assertEquals(K, singleTx, "one by one: one transaction per blob");
        assertEquals(1, batchTx, "batched: one transaction for " + K + " blobs");
        assertTrue(batchGas < singleGas, "one transaction costs less gas than " + K + ": " + batchGas + " vs " + singleGas);
        System.out.printf("certify %d blobs on LocalSui: one by one %d tx, %d MIST; batched %d tx, %d MIST (%.2fx gas)%n",
                K, singleTx, singleGas, batchTx, batchGas, (double) singleGas / batchGas);
        for (int i = 0; i < K; i++) {
            StoreResult.NewlyCreated c = assertInstanceOf(StoreResult.NewlyCreated.class, results.get(i));
            assertEquals(batched.get(i).object().id(), c.blobObject().id());
            assertTrue(chain.blobObject(c.blobObject().id()).orElseThrow().isCertified());
            assertArrayEquals(data.get(K + i), client.read(c.blobId()));
        }

        // the retry after a crash that followed the transaction: recognised, nothing sent
        long tx2 = transactions();
        for (StoreResult r : client.certifyAll(entries(batched))) {
            assertInstanceOf(StoreResult.AlreadyCertified.class, r);
        }
        assertEquals(tx2, transactions(), "an applied batch sends nothing again");
    }

    @Test
    void aBlobRefusedForGoodIsIsolatedAndTheOthersCertify() throws Exception {
        List<Prepared.Ready> rs = prepared(4, 300, new ArrayList<>());
        // blob 2 carries blob 0's certificate: refused for good (the message names another blob)
        StorageCertificate wrong = rs.get(0).certificate();
        List<StorageClient.ToCertify> entries = new ArrayList<>(entries(rs));
        entries.set(2, new StorageClient.ToCertify(rs.get(2).object().id(), wrong));

        List<StoreResult> results = client.certifyAll(entries);

        for (int i : List.of(0, 1, 3)) {
            assertInstanceOf(StoreResult.NewlyCreated.class, results.get(i), results.get(i).toString());
            assertTrue(chain.blobObject(rs.get(i).object().id()).orElseThrow().isCertified());
        }
        StoreResult.Failed f = assertInstanceOf(StoreResult.Failed.class, results.get(2), results.get(2).toString());
        assertEquals(Phase.CERTIFY, f.phase());
        assertEquals(Rule.BLOB_ID_MISMATCH, f.rule(), f.message());
        assertTrue(!chain.blobObject(rs.get(2).object().id()).orElseThrow().isCertified());
    }
}

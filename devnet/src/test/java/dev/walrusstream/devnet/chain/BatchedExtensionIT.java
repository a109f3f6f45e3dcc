package dev.walrusstream.devnet.chain;

import dev.walrusstream.devnet.chain.ChainForms.Kind;
import dev.walrusstream.devnet.chain.ChainForms.Net;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.devnet.sui.LocalSuiFixture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.walrusstream.devnet.chain.ChainForms.ALICE;
import static dev.walrusstream.devnet.chain.ChainForms.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Chain#extendBlobs}: k blob objects extended in exactly one transaction, each end epoch moved
 * by exactly N, the sum paid; a refusal of one object names it and changes nothing. On LocalChain
 * in process, on its HTTP service, and on SuiChain against LocalSui (one programmable transaction of
 * k {@code extend_blob} calls).
 */
class BatchedExtensionIT {
    static final int K = 5;
    static final int N = 3;

    @RegisterExtension
    final ChainFormsExtension forms = new ChainFormsExtension();

    /** A certified blob of {@code chain}'s account with {@code size} bytes, for {@code epochsAhead}. */
    BlobObject certified(Chain chain, String text, int epochsAhead) {
        BlobMetadata m = RedStuff.create().encode(LocalSuiFixture.SHARDS, text.getBytes(StandardCharsets.UTF_8))
                .metadata();
        Results.Registration reg = chain.reserveAndRegister(m.blobId(), m.rootHash(), m.unencodedLength(), 1, false,
                epochsAhead);
        return chain.certifyBlob(reg.blob().id(), LocalSuiFixture.certificate(chain.committee(), List.of(0, 1, 2),
                forms.net().epoch(), m.blobId(), PersistenceType.Permanent.INSTANCE)).blob();
    }

    List<BlobObject> blobs(Chain chain, int k, String prefix, int epochsAhead) {
        List<BlobObject> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            // different sizes, so each blob has its own price
            out.add(certified(chain, prefix + " " + i + " " + "x".repeat(i * 300_000), epochsAhead));
        }
        return out;
    }

    static List<ObjectId> ids(List<BlobObject> blobs) {
        return blobs.stream().map(BlobObject::id).toList();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void extendsKBlobsInOneTransactionEachByExactlyNForTheSum(Kind kind) throws Exception {
        Net net = forms.open(kind);
        Chain alice = net.alice();
        List<BlobObject> before = blobs(alice, K, "batch", 3);
        ChainInfo info = alice.info();
        long expected = 0;
        Set<Long> prices = new HashSet<>();
        for (BlobObject b : before) {
            long c = info.storageCost(b.storage().storageSize(), N);
            prices.add(c);
            expected += c;
        }
        assertTrue(prices.size() > 1, "the blobs must not all cost the same, or a sum proves less: " + prices);
        long balance = alice.balance(address(ALICE));
        long txs = net.transactions();

        Results.Extensions x = alice.extendBlobs(ids(before), N);

        assertEquals(txs + 1, net.transactions(), "exactly one transaction for " + K + " extensions");
        assertEquals(expected, x.cost());
        assertEquals(balance - expected, alice.balance(address(ALICE)), "paid exactly the sum of the extensions");
        assertEquals(K, x.extensions().size());
        for (int i = 0; i < K; i++) {
            BlobObject b = before.get(i);
            Results.Extension e = x.extensions().get(i);
            assertEquals(b.id(), e.blob().id());
            assertEquals(b.endEpoch() + N, e.blob().endEpoch(), "end epoch of " + b.id());
            assertEquals(b.endEpoch() + N, alice.blobObject(b.id()).orElseThrow().endEpoch(), "on chain, " + b.id());
            assertEquals(info.storageCost(b.storage().storageSize(), N), e.cost());
            assertEquals(x.txDigest(), e.event().txDigest(), "every event is of the one transaction");
        }
        // one BlobCertified(extended) event per blob, all of the one transaction, in order
        awaitExtensionEvents(alice, K);
        List<ObjectId> evIds = new ArrayList<>();
        for (EventRecord r : allEvents(alice)) {
            if (r.event() instanceof ChainEvent.BlobCertified c && c.isExtension()) {
                evIds.add(c.objectId());
                assertEquals(x.txDigest(), r.id().txDigest());
            }
        }
        assertEquals(ids(before), evIds);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRefusalOfOneBlobNamesItAndChangesNothing(Kind kind) throws Exception {
        Net net = forms.open(kind);
        Chain alice = net.alice();
        List<BlobObject> good = blobs(alice, 3, "good", 5);
        BlobObject shortLived = certified(alice, "short lived", 1);
        BlobObject bobs = certified(net.bob(), "bob's blob", 5);
        net.advanceEpoch(); // epoch 2: the short-lived blob (end epoch 2) has expired
        net.advanceEpoch();
        BlobObject far = certified(alice, "far ahead", 9); // epoch 3 + 9 = 12: extending by N ends 12 ahead > 10

        refusedNaming(alice, Rule.RESOURCE_BOUNDS, shortLived.id(),
                List.of(good.get(0).id(), good.get(1).id(), shortLived.id(), good.get(2).id()));
        refusedNaming(alice, Rule.NOT_OWNER, bobs.id(), List.of(good.get(0).id(), bobs.id(), good.get(1).id()));
        refusedNaming(alice, Rule.INVALID_EPOCHS_AHEAD, far.id(), List.of(good.get(0).id(), good.get(1).id(), far.id()));
        ChainException.RuleViolation twice = assertThrows(ChainException.RuleViolation.class,
                () -> alice.extendBlobs(List.of(good.get(0).id(), good.get(0).id()), N));
        assertEquals(Rule.INVALID_ARGUMENT, twice.rule());
        assertTrue(twice.getMessage().contains(good.get(0).id().toString()), twice.getMessage());

        // and the good ones still extend together afterwards
        Results.Extensions ok = alice.extendBlobs(ids(good), N);
        for (int i = 0; i < good.size(); i++) {
            assertEquals(good.get(i).endEpoch() + N, ok.extensions().get(i).blob().endEpoch());
        }
    }

    void refusedNaming(Chain alice, Rule rule, ObjectId culprit, List<ObjectId> batch) {
        Net net = forms.net();
        long balance = alice.balance(address(ALICE));
        long txs = net.transactions();
        List<Integer> ends = new ArrayList<>();
        for (ObjectId id : batch) {
            ends.add(alice.blobObject(id).orElseThrow().endEpoch());
        }
        ChainException.RuleViolation v = assertThrows(ChainException.RuleViolation.class,
                () -> alice.extendBlobs(batch, N));
        assertEquals(rule, v.rule(), v.getMessage());
        assertTrue(v.getMessage().contains(culprit.toString()), "the refusal names " + culprit + ": " + v.getMessage());
        for (ObjectId other : batch) {
            if (!other.equals(culprit)) {
                assertTrue(!v.getMessage().contains(other.toString()) || rule == Rule.INVALID_ARGUMENT,
                        "the refusal blames only " + culprit + ": " + v.getMessage());
            }
        }
        assertEquals(balance, alice.balance(address(ALICE)), "a refused batch pays nothing");
        assertEquals(txs, net.transactions(), "a refused batch commits no transaction");
        for (int i = 0; i < batch.size(); i++) {
            assertEquals(ends.get(i), alice.blobObject(batch.get(i)).orElseThrow().endEpoch(),
                    "end epoch of " + batch.get(i) + " unchanged");
        }
        assertNotEquals(0, batch.size());
    }

    static List<EventRecord> allEvents(Chain chain) {
        return chain.events(EventCursor.START, 10_000, Duration.ofSeconds(5)).events();
    }

    /** SuiChain follows events from checkpoints; waits (event-driven) until {@code k} extension events arrived. */
    static void awaitExtensionEvents(Chain chain, int k) {
        ChainForms.awaitEvents(chain, k, "extension", r -> r.event() instanceof ChainEvent.BlobCertified c
                && c.isExtension() ? Optional.of(c.objectId()) : Optional.empty());
    }
}

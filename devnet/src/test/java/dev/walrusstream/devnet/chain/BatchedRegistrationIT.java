package dev.walrusstream.devnet.chain;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.CertificationBatch;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.RegistrationBatch;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.devnet.chain.ChainForms.Kind;
import dev.walrusstream.devnet.chain.ChainForms.Net;
import dev.walrusstream.devnet.sui.LocalSuiFixture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Chain#registerBlobs}: k blobs reserved and registered in exactly one transaction (one
 * {@code BlobRegistered} event each, the WAL of k single registrations, objects that certify); a
 * refusal of one call names its blob and registers none. On LocalChain in process, on its HTTP
 * service, and on SuiChain against LocalSui (one programmable transaction of k
 * {@code reserve_space} + {@code register_blob} pairs sharing the WAL coin).
 */
class BatchedRegistrationIT {
    static final int K = 8;
    static final int EPOCHS = 3;

    @RegisterExtension
    final ChainFormsExtension forms = new ChainFormsExtension();

    static BlobMetadata metadata(String text) {
        return RedStuff.create().encode(LocalSuiFixture.SHARDS, text.getBytes(StandardCharsets.UTF_8)).metadata();
    }

    static RegistrationBatch.Call call(BlobMetadata m, int epochs) {
        return new RegistrationBatch.Call(m.blobId(), m.rootHash(), m.unencodedLength(), RedStuffParams.ENCODING_TYPE_RS2,
                false, epochs);
    }

    static List<BlobMetadata> blobs(int k, String prefix) {
        List<BlobMetadata> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(metadata(prefix + " blob " + i + " " + "x".repeat(i * 100)));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void registersKBlobsInExactlyOneTransaction(Kind kind) throws Exception {
        Net net = forms.open(kind);
        Chain alice = net.alice();
        List<BlobMetadata> ms = blobs(K, "batch");
        ChainInfo info = alice.info();
        long expectedCost = 0;
        for (BlobMetadata m : ms) {
            long encoded = RedStuffParams.of(info.nShards()).encodedLength(m.unencodedLength());
            expectedCost += info.storageCost(encoded, EPOCHS) + info.writeCost(encoded);
        }
        long balance = alice.balance(alice.account().orElseThrow());
        long txs = net.transactions();

        Results.Registrations done = alice.registerBlobs(new RegistrationBatch(ms.stream().map(m -> call(m, EPOCHS)).toList()));

        assertEquals(txs + 1, net.transactions(), "exactly one transaction for " + K + " registrations");
        assertEquals(K, done.registrations().size());
        assertEquals(expectedCost, done.cost(), "the WAL of " + K + " single registrations");
        assertEquals(balance - expectedCost, alice.balance(alice.account().orElseThrow()), "WAL charged once, in all");
        assertTrue(done.gasUsed() > 0, "the one transaction paid gas: " + done.gasUsed());
        List<CertificationBatch.Call> certify = new ArrayList<>();
        for (int i = 0; i < K; i++) {
            BlobMetadata m = ms.get(i);
            Results.Registration r = done.registrations().get(i);
            BlobObject b = r.blob();
            assertEquals(m.blobId(), b.blobId(), "registration " + i + " is of blob " + i);
            assertFalse(b.isCertified());
            assertEquals(net.epoch() + EPOCHS, b.endEpoch());
            assertEquals(done.txDigest(), r.event().txDigest(), "every event is of the one transaction");
            assertEquals(List.of(b.id()), alice.ownedBlobObjects(m.blobId()).stream().map(BlobObject::id).toList(),
                    "alice owns the one registration of blob " + i);
            certify.add(new CertificationBatch.Call(b.id(), LocalSuiFixture.certificate(alice.committee(),
                    List.of(0, 1, 2), net.epoch(), m.blobId(), PersistenceType.Permanent.INSTANCE)));
        }
        assertEquals(ms.stream().map(BlobMetadata::blobId).toList(), registeredEvents(alice, done.txDigest(), K),
                "one BlobRegistered event per blob, in the order asked");
        // the registrations are real: they certify
        Results.Certifications certified = alice.certifyBlobs(new CertificationBatch(certify));
        certified.certifications().forEach(c -> assertTrue(c.blob().isCertified()));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRefusalOfOneBlobNamesItAndRegistersNone(Kind kind) throws Exception {
        Net net = forms.open(kind);
        Chain alice = net.alice();
        List<BlobMetadata> good = blobs(3, "good");
        BlobMetadata forged = metadata("forged");
        BlobMetadata other = metadata("another blob");
        // a blob ID that is not the one derived from the root hash and size
        RegistrationBatch.Call wrongId = new RegistrationBatch.Call(other.blobId(), forged.rootHash(),
                forged.unencodedLength(), RedStuffParams.ENCODING_TYPE_RS2, false, EPOCHS);
        refusedNaming(alice, Rule.INVALID_BLOB_ID, other.blobId(), good,
                List.of(call(good.get(0), EPOCHS), call(good.get(1), EPOCHS), wrongId, call(good.get(2), EPOCHS)));
        BlobMetadata tooLong = metadata("too long");
        refusedNaming(alice, Rule.INVALID_EPOCHS_AHEAD, tooLong.blobId(), good,
                List.of(call(good.get(0), EPOCHS), call(tooLong, 10_000), call(good.get(1), EPOCHS)));

        ChainException.RuleViolation twice = assertThrows(ChainException.RuleViolation.class,
                () -> alice.registerBlobs(new RegistrationBatch(List.of(call(good.get(0), EPOCHS), call(good.get(0), 2)))));
        assertEquals(Rule.INVALID_ARGUMENT, twice.rule());
        assertTrue(twice.getMessage().contains(good.get(0).blobId().toString()), twice.getMessage());
        assertThrows(ChainException.RuleViolation.class, () -> new RegistrationBatch(List.of()));

        // and the good ones still register together afterwards
        long txs = net.transactions();
        Results.Registrations ok = alice.registerBlobs(new RegistrationBatch(good.stream().map(m -> call(m, EPOCHS)).toList()));
        assertEquals(txs + 1, net.transactions());
        for (int i = 0; i < good.size(); i++) {
            assertEquals(good.get(i).blobId(), ok.registrations().get(i).blob().blobId());
        }
    }

    void refusedNaming(Chain alice, Rule rule, BlobId culprit, List<BlobMetadata> innocent,
                       List<RegistrationBatch.Call> calls) {
        Net net = forms.net();
        long txs = net.transactions();
        long balance = alice.balance(alice.account().orElseThrow());
        ChainException.RuleViolation v = assertThrows(ChainException.RuleViolation.class,
                () -> alice.registerBlobs(new RegistrationBatch(calls)));
        assertEquals(rule, v.rule(), v.getMessage());
        assertTrue(v.getMessage().contains(culprit.toString()), "the refusal names " + culprit + ": " + v.getMessage());
        assertEquals(culprit.toString(), String.valueOf(v.values().get("blobId")), "blobId among the values: " + v.values());
        int index = -1;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).blobId().equals(culprit)) {
                index = i;
            }
        }
        assertEquals(String.valueOf(index), String.valueOf(v.values().get("batchIndex")),
                "the refused call's place among the values: " + v.values());
        for (BlobMetadata m : innocent) {
            assertFalse(v.getMessage().contains(m.blobId().toString()), "the refusal blames only " + culprit + ": "
                    + v.getMessage());
            assertTrue(alice.ownedBlobObjects(m.blobId()).isEmpty(), "a refused batch registers nothing: " + m.blobId());
        }
        assertEquals(txs, net.transactions(), "a refused batch commits no transaction");
        assertEquals(balance, alice.balance(alice.account().orElseThrow()), "a refused batch pays no WAL");
    }

    /** The blob IDs of the BlobRegistered events of transaction {@code digest}, waiting (event-driven) for {@code k}. */
    static List<BlobId> registeredEvents(Chain chain, String digest, int k) {
        return ChainForms.awaitEvents(chain, k, "registration", r ->
                r.event() instanceof ChainEvent.BlobRegistered reg && r.id().txDigest().equals(digest)
                        ? Optional.of(reg.blobId()) : Optional.empty());
    }
}

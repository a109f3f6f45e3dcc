package dev.walrusstream.devnet.chain;

import dev.walrusstream.devnet.chain.ChainForms.Kind;
import dev.walrusstream.devnet.chain.ChainForms.Net;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.CertificationBatch;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.PersistenceType;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.codec.BlobMetadata;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.ids.ObjectId;
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
 * {@link Chain#certifyBlobs}: k blob objects certified in exactly one transaction (one event each, all
 * of it); a refusal of one call names its blob object and certifies none. On LocalChain in process,
 * on its HTTP service, and on SuiChain against LocalSui (one programmable transaction of k
 * {@code certify_blob} calls).
 */
class BatchedCertificationIT {
    static final int K = 8;

    @RegisterExtension
    final ChainFormsExtension forms = new ChainFormsExtension();

    /** A registered (not certified) blob of {@code chain}'s account and a certificate for it. */
    record Registered(BlobObject blob, StorageCertificate certificate) {
        CertificationBatch.Call call() {
            return new CertificationBatch.Call(blob.id(), certificate);
        }
    }

    Registered registered(Chain chain, String text, List<Integer> signers) {
        BlobMetadata m = RedStuff.create().encode(LocalSuiFixture.SHARDS, text.getBytes(StandardCharsets.UTF_8))
                .metadata();
        Results.Registration reg = chain.reserveAndRegister(m.blobId(), m.rootHash(), m.unencodedLength(), 1, false, 3);
        return new Registered(reg.blob(), LocalSuiFixture.certificate(chain.committee(), signers, forms.net().epoch(),
                m.blobId(), PersistenceType.Permanent.INSTANCE));
    }

    List<Registered> registered(Chain chain, int k, String prefix) {
        List<Registered> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(registered(chain, prefix + " " + i, List.of(0, 1, 2)));
        }
        return out;
    }

    static CertificationBatch batch(List<Registered> rs) {
        return new CertificationBatch(rs.stream().map(Registered::call).toList());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void certifiesKBlobsInExactlyOneTransaction(Kind kind) throws Exception {
        Net net = forms.open(kind);
        Chain alice = net.alice();
        List<Registered> rs = registered(alice, K, "batch");
        long txs = net.transactions();

        Results.Certifications done = alice.certifyBlobs(batch(rs));

        assertEquals(txs + 1, net.transactions(), "exactly one transaction for " + K + " certifications");
        assertEquals(K, done.certifications().size());
        assertTrue(done.gasUsed() > 0, "the one transaction paid gas: " + done.gasUsed());
        for (int i = 0; i < K; i++) {
            ObjectId id = rs.get(i).blob().id();
            Results.Certification c = done.certifications().get(i);
            assertEquals(id, c.blob().id());
            assertTrue(c.blob().isCertified(), "certified: " + id);
            assertTrue(alice.blobObject(id).orElseThrow().isCertified(), "certified on chain: " + id);
            assertEquals(done.txDigest(), c.event().txDigest(), "every event is of the one transaction");
        }
        // one BlobCertified event per blob, all of the one transaction, in order
        List<ObjectId> evIds = certifiedEvents(alice, done.txDigest(), K);
        assertEquals(rs.stream().map(r -> r.blob().id()).toList(), evIds);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRefusalOfOneBlobNamesItAndCertifiesNone(Kind kind) throws Exception {
        Net net = forms.open(kind);
        Chain alice = net.alice();
        List<Registered> good = registered(alice, 3, "good");
        Registered weak = registered(alice, "weak certificate", List.of(0)); // one signer of four: too little weight
        Registered bobs = registered(net.bob(), "bob's blob", List.of(0, 1, 2));
        Registered certified = registered(alice, "certified already", List.of(0, 1, 2));
        alice.certifyBlob(certified.blob().id(), certified.certificate());

        refusedNaming(alice, Rule.NOT_ENOUGH_WEIGHT, weak.blob().id(),
                List.of(good.get(0), good.get(1), weak, good.get(2)));
        refusedNaming(alice, Rule.NOT_OWNER, bobs.blob().id(), List.of(good.get(0), bobs, good.get(1)));
        refusedNaming(alice, Rule.ALREADY_CERTIFIED, certified.blob().id(), List.of(good.get(0), good.get(1), certified));
        ChainException.RuleViolation twice = assertThrows(ChainException.RuleViolation.class,
                () -> alice.certifyBlobs(new CertificationBatch(List.of(good.get(0).call(), good.get(0).call()))));
        assertEquals(Rule.INVALID_ARGUMENT, twice.rule());
        assertTrue(twice.getMessage().contains(good.get(0).blob().id().toString()), twice.getMessage());

        // and the good ones still certify together afterwards
        Results.Certifications ok = alice.certifyBlobs(batch(good));
        for (int i = 0; i < good.size(); i++) {
            assertTrue(ok.certifications().get(i).blob().isCertified());
        }
    }

    void refusedNaming(Chain alice, Rule rule, ObjectId culprit, List<Registered> batch) {
        Net net = forms.net();
        long txs = net.transactions();
        ChainException.RuleViolation v = assertThrows(ChainException.RuleViolation.class,
                () -> alice.certifyBlobs(batch(batch)));
        assertEquals(rule, v.rule(), v.getMessage());
        assertTrue(v.getMessage().contains(culprit.toString()), "the refusal names " + culprit + ": " + v.getMessage());
        assertEquals(culprit.toString(), v.values().get("objectId"), "objectId among the values: " + v.values());
        for (Registered other : batch) {
            if (!other.blob().id().equals(culprit)) {
                assertFalse(v.getMessage().contains(other.blob().id().toString()),
                        "the refusal blames only " + culprit + ": " + v.getMessage());
                assertFalse(alice.blobObject(other.blob().id()).orElseThrow().isCertified(),
                        "a refused batch certifies nothing: " + other.blob().id());
            }
        }
        assertEquals(txs, net.transactions(), "a refused batch commits no transaction");
    }

    /** The objects of the BlobCertified events of transaction {@code digest}, waiting (event-driven) for {@code k}. */
    static List<ObjectId> certifiedEvents(Chain chain, String digest, int k) {
        return ChainForms.awaitEvents(chain, k, "certification", r ->
                r.event() instanceof ChainEvent.BlobCertified c && !c.isExtension() && r.id().txDigest().equals(digest)
                        ? Optional.of(c.objectId()) : Optional.empty());
    }
}

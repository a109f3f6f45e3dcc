package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.client.ClientOptions;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.QuiltEncoder;
import dev.walrusstream.codec.quilt.QuiltPatch;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;
import dev.walrusstream.sink.SinkSettings;
import dev.walrusstream.sink.WalrusCommittable;
import dev.walrusstream.sink.WalrusCommittable.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sink's writer or committer dies at every step of a store, against a real local chain and real
 * storage nodes over HTTP; a new incarnation resumes from what the last checkpoint held. Whatever
 * the step, each blob ends certified exactly once, by one registration, paid once (the WAL spent
 * equals one clean store of the same size): a registration left by the dead writer is found and
 * reused, as Walrus's {@code reuseRegistration} does. Segments and quilts alike.
 */
class CrashPointsIT {
    @TempDir
    static Path dir;
    static LocalNetwork network;
    static final ClientOptions OPTIONS = ClientOptions.DEFAULTS.withRetries(1, Duration.ofMillis(100))
            .withMaxExtraUploadTime(Duration.ofSeconds(3));
    static final SinkSettings SETTINGS = new SinkSettings("{\"unused\":true}", 3, false, 1, 3, Duration.ofMillis(50),
            "localhost:9092", "http://localhost:8081", "walrus.receipts", "test");

    /** The process dying at a step. */
    static final class Crash extends RuntimeException {
        Crash(String where) {
            super("crashed " + where);
        }
    }

    enum Step {
        /** the blob is registered (and paid), the writer dies before uploading */
        AFTER_REGISTER,
        /** slivers uploaded and a quorum of confirmations gathered, the writer dies before the checkpoint */
        AFTER_CONFIRMATIONS,
        /** the certify transaction executes, the committer dies before hearing back */
        DURING_CERTIFY_TRANSACTION,
        /** certified, the committer dies before the receipt transaction commits (the checkpoint still holds READY) */
        AFTER_CERTIFY_BEFORE_RECEIPT
    }

    @BeforeAll
    static void start() throws Exception {
        network = LocalNetwork.init(dir.resolve("net"), 4, 10, "127.0.0.1").start();
    }

    @AfterAll
    static void stop() {
        if (network != null) {
            network.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Step s : Step.values()) {
            out.add(Arguments.of(s, false));
            out.add(Arguments.of(s, true));
        }
        return out.stream();
    }

    /** A chain that dies right after {@code method} ran on the real chain, while armed. */
    static Chain crashingAfter(Chain real, String method, AtomicBoolean armed) {
        return (Chain) Proxy.newProxyInstance(Chain.class.getClassLoader(), new Class<?>[]{Chain.class}, (proxy, m, args) -> {
            Object result;
            try {
                result = m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (armed.get() && m.getName().equals(method)) {
                armed.set(false);
                throw new Crash("after " + method);
            }
            return result;
        });
    }

    static Chain chain() {
        return new LocalChainHttpClient(network.chainUrl(), network.account());
    }

    static BlobStorer storer(Chain chain) {
        return new BlobStorer(SETTINGS, new StorageClientBlobStore(chain, OPTIONS), new PauseState(), Sleeper.REAL);
    }

    static BlobTask task(String name, boolean quilt, long seed) {
        Random random = new Random(seed);
        if (!quilt) {
            byte[] data = new byte[200_000];
            random.nextBytes(data);
            BlobPart p = BlobPart.builder()
                    .uploadId(name)
                    .segments(1)
                    .size(data.length)
                    .build();
            return BlobTask.segment(p, data);
        }
        List<QuiltPatch> patches = new ArrayList<>();
        List<BlobPart> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] data = new byte[20_000 + i];
            random.nextBytes(data);
            patches.add(new QuiltPatch(name + "-" + i, data));
            BlobPart p = BlobPart.builder()
                    .uploadId(name + "-" + i)
                    .identifier(name + "-" + i)
                    .segments(1)
                    .build();
            parts.add(p);
        }
        return BlobTask.quilt(parts, QuiltEncoder.build(RedStuffParams.of(10), patches).blob());
    }

    @ParameterizedTest(name = "{0}, quilt={1}")
    @MethodSource("cases")
    void aCrashAtEveryStepEndsWithOneCertificationAndOneRegistrationPaidOnce(Step step, boolean quilt) throws Exception {
        long seed = step.ordinal() * 2L + (quilt ? 1 : 0);
        BlobTask control = task("control-" + step + "-" + quilt, quilt, 1000 + seed);
        BlobTask task = task("crash-" + step + "-" + quilt, quilt, seed);
        assertEquals(control.data.length, task.data.length);
        try (Chain observer = chain()) {
            long cleanCost;
            long before = observer.balance(network.account());
            try (BlobStorer clean = storer(chain())) {
                assertEquals(Status.NEWLY_CREATED, clean.certify(clean.prepare(control)).status());
            }
            cleanCost = before - observer.balance(network.account());
            assertTrue(cleanCost > 0);

            before = observer.balance(network.account());
            AtomicBoolean armed = new AtomicBoolean(true);
            WalrusCommittable checkpointed = null; // what the last completed checkpoint holds for this blob
            try (BlobStorer first = storer(crashingAfter(chain(), switch (step) {
                case AFTER_REGISTER -> "reserveAndRegister";
                case DURING_CERTIFY_TRANSACTION -> "certifyBlob";
                default -> "no such step";
            }, armed))) {
                switch (step) {
                    case AFTER_REGISTER -> assertThrows(Crash.class, () -> first.prepare(task));
                    case AFTER_CONFIRMATIONS -> assertEquals(Status.READY, first.prepare(task).status()); // lost: no checkpoint
                    case DURING_CERTIFY_TRANSACTION -> {
                        checkpointed = first.prepare(task);
                        WalrusCommittable c = checkpointed;
                        assertThrows(Crash.class, () -> first.certify(c));
                    }
                    case AFTER_CERTIFY_BEFORE_RECEIPT -> {
                        checkpointed = first.prepare(task);
                        assertEquals(Status.NEWLY_CREATED, first.certify(checkpointed).status()); // outcome lost with the receipt
                    }
                }
            }
            BlobId id = BlobId.parse(blobIdOf(task));
            assertEquals(1, observer.ownedBlobObjects(id).size(), "the crash struck with the blob registered");

            // the new incarnation: the writer re-stores what no checkpoint held, the committer certifies what one did
            WalrusCommittable done;
            try (BlobStorer second = storer(chain())) {
                WalrusCommittable c = checkpointed != null ? checkpointed : second.prepare(task);
                done = second.certify(c);
            }
            assertTrue(done.status() == Status.NEWLY_CREATED || done.status() == Status.ALREADY_CERTIFIED, done.toString());
            List<BlobObject> objects = observer.ownedBlobObjects(id);
            assertEquals(1, objects.size(), "one registration for " + step);
            assertTrue(objects.get(0).isCertified(), "certified after " + step);
            assertEquals(cleanCost, before - observer.balance(network.account()),
                    "paid exactly what one clean store of the same size costs, after " + step);
            if (step == Step.AFTER_CERTIFY_BEFORE_RECEIPT || step == Step.DURING_CERTIFY_TRANSACTION) {
                assertEquals(Status.ALREADY_CERTIFIED, done.status(), "certified once: the retry finds it certified");
            }
        }
    }

    private static String blobIdOf(BlobTask task) {
        return dev.walrusstream.codec.RedStuff.create().encode(RedStuffParams.of(10), task.data, 0, task.data.length)
                .blobId().base64Url();
    }
}

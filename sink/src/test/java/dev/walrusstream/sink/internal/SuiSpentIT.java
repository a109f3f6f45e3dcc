package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;
import dev.walrusstream.sink.WalrusCommittable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sink's {@code walrusSuiSpent} grows by exactly the gas the chain charged its transactions:
 * a blob stored and certified against a real LocalChain over HTTP, the chain's write results seen
 * on the wire beside the sink, and the storer's count compared after each half.
 */
class SuiSpentIT {
    @TempDir
    static Path dir;
    static LocalNetwork network;

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

    /** {@code real}, recording every write result it returns into {@code seen}. */
    static Chain recording(Chain real, List<Results.Paid> seen) {
        return (Chain) Proxy.newProxyInstance(Chain.class.getClassLoader(), new Class<?>[]{Chain.class}, (proxy, m, args) -> {
            Object result;
            try {
                result = m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Results.Paid p) {
                seen.add(p);
            }
            return result;
        });
    }

    @Test
    void suiSpentGrowsByWhatTheChainChargedForRegisterAndCertify() throws Exception {
        byte[] data = new byte[150_000];
        new Random(3).nextBytes(data);
        BlobTask task = BlobTask.segment(BlobPart.builder().uploadId("gas").segments(1).size(data.length).build(), data);
        List<Results.Paid> seen = new CopyOnWriteArrayList<>();
        try (BlobStorer storer = new BlobStorer(CrashPointsIT.SETTINGS, new StorageClientBlobStore(
                recording(new LocalChainHttpClient(network.chainUrl(), network.account()), seen), CrashPointsIT.OPTIONS),
                new PauseState(), Sleeper.REAL)) {
            assertEquals(0, storer.suiSpent());
            WalrusCommittable ready = storer.prepare(task);
            assertEquals(WalrusCommittable.Status.READY, ready.status());
            Results.Registration registration = (Results.Registration) seen.stream()
                    .filter(p -> p instanceof Results.Registration).findFirst().orElseThrow();
            assertTrue(registration.gasUsed() > 0, "registering paid gas: " + registration);
            assertEquals(sum(seen), storer.suiSpent(), "after registering: the gas of " + seen);

            int before = seen.size();
            assertEquals(WalrusCommittable.Status.NEWLY_CREATED, storer.certify(ready).status());
            List<Results.Paid> certify = seen.subList(before, seen.size());
            assertEquals(1, certify.size(), "one certify transaction: " + certify);
            assertTrue(certify.get(0) instanceof Results.Certification c && c.gasUsed() > registration.gasUsed() / 2,
                    "certifying paid gas (its BLS check costs computation): " + certify);
            assertEquals(sum(seen), storer.suiSpent(), "after certifying: the gas of " + seen);
        }
    }

    private static long sum(List<Results.Paid> paid) {
        return paid.stream().mapToLong(Results.Paid::gasUsed).sum();
    }
}

package dev.walrusstream.jobdist;

import dev.walrusstream.app.Main;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.chain.local.RemoteChain;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.deploy.local.LocalDeployment;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DefaultTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pipeline beyond one JVM: a Flink JobManager and TaskManager, a Kafka broker, the schema registry,
 * LocalChain and four storage nodes, each its own process; the job jar submitted through the REST API
 * with {@code walrus-stream job submit}; files streamed in with {@code walrus-stream ingest} processes.
 */
class ClusterIT {
    static final Duration START = Duration.ofSeconds(150);

    Path tmp;
    LocalDeployment deployment;

    @BeforeEach
    void workDir() throws IOException {
        tmp = WorkDirs.create("cluster-it");
    }

    @AfterEach
    void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void everyUploadIsCertifiedAndReadsBack() throws Exception {
        long t0 = System.nanoTime();
        deployment = LocalDeployment.start(tmp.resolve("deployment"), LocalDeployment.Classpaths.fromFiles(
                Path.of(System.getProperty("walrus.flink.classpath")), Path.of(System.getProperty("walrus.kafka.classpath")),
                LocalDeployment.Classpaths.currentJvm()), LocalDeployment.Settings.defaults(), START);
        System.out.printf("deployment up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        Path jar = JobJars.withTestClasses(tmp, "dev.walrusstream.jobdist.standin",
                "dev.walrusstream.jobdist.standin.StandInJob");
        Path jobConfig = deployment.writeJobConfig(Map.of("parallelism", "2", "checkpoint.interval", "2s"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "job", "submit", "--jobmanager",
                deployment.flink().restAddress(), "--config", jobConfig.toString(), "--jar", jar.toString());
        assertEquals(0, code, err.toString());
        String jobId = out.toString().strip();
        System.out.printf("job %s running at %d ms%n", jobId, (System.nanoTime() - t0) / 1_000_000);

        Path data = tmp.resolve("data");
        Uploads.randomFiles(data, "a", 1, 10_000, 300_000, 1_200_000, 50_000, 700_000, 1_500_000);
        String ingest = deployment.launcher().run("ingest-1", Duration.ofSeconds(120), "ingest",
                "--bootstrap", deployment.kafka().bootstrapServers(), "--registry", deployment.registry().baseUrl(),
                "--json", "--progress", "never", data.toString());
        List<Uploads.Upload> uploads = Uploads.parse(ingest, data);
        assertEquals(6, uploads.size(), ingest);

        try (ReceiptReader receipts = new ReceiptReader(deployment.kafka().bootstrapServers(),
                deployment.registry().baseUrl(), DefaultTopics.RECEIPTS)) {
            List<BlobReceipt> all = receipts.until(r -> r.size() >= uploads.size(), Duration.ofSeconds(120));
            all = receipts.drain(Duration.ofSeconds(3));
            System.out.printf("receipts at %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            Map<String, List<BlobReceipt>> byUpload = all.stream().collect(Collectors.groupingBy(BlobReceipt::getUploadId));
            ClientConfig cc = ClientConfig.read(deployment.clientConfig());
            try (StorageClient client = new StorageClient(cc.openChain(), cc.options())) {
                for (Uploads.Upload u : uploads) {
                    List<BlobReceipt> rs = byUpload.get(u.uploadId());
                    assertEquals(1, rs == null ? 0 : rs.size(), "receipts of " + u);
                    byte[] back = client.read(BlobId.parse(rs.get(0).getBlobId()));
                    assertArrayEquals(Files.readAllBytes(u.file()), back, "read back " + u);
                }
            }
            Map<BlobId, Integer> registrations = registrations(cc.chainUrl());
            for (BlobReceipt r : all) {
                assertEquals(1, registrations.getOrDefault(BlobId.parse(r.getBlobId()), 0), "registrations of " + r.getBlobId());
            }
        }
    }

    /** How often each blob was registered, from LocalChain's event log. */
    static Map<BlobId, Integer> registrations(String chainUrl) {
        Map<BlobId, Integer> count = new HashMap<>();
        try (RemoteChain chain = new RemoteChain(chainUrl, null)) {
            EventCursor cursor = EventCursor.START;
            while (true) {
                EventPage page = chain.events(cursor, 1000, Duration.ZERO);
                for (EventRecord e : page.events()) {
                    if (e.event() instanceof ChainEvent.BlobRegistered r) {
                        count.merge(r.blobId(), 1, Integer::sum);
                    }
                }
                if (page.events().isEmpty()) {
                    return count;
                }
                cursor = page.next();
            }
        }
    }
}

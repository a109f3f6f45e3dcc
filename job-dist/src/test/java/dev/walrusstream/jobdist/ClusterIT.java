package dev.walrusstream.jobdist;

import dev.walrusstream.testsupport.NodeSlivers;

import dev.walrusstream.testsupport.WorkDirs;

import dev.walrusstream.app.Main;
import dev.walrusstream.app.stack.RoleCpu;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.chain.EventRecord;
import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.deploy.FlinkRestClient;
import dev.walrusstream.embedded.process.ChildJvm;
import dev.walrusstream.deploy.local.LocalDeployment;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DefaultTopics;
import dev.walrusstream.schemas.StoreStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline beyond one JVM, with crashes: a Flink JobManager and TaskManager, a Kafka broker, the
 * schema registry, LocalChain and four storage nodes, each its own process, wired only by addresses in
 * configuration files; the shaded job jar submitted through Flink's REST API with
 * {@code walrus-stream job submit}; files streamed in by {@code walrus-stream ingest} processes (large
 * uploads cut into segments, small ones packed into quilts).
 *
 * <p>Mid-stream the TaskManager is SIGKILLed and a new one started: the job restores its last
 * checkpoint (Flink's checkpoint statistics count the restore). Then a storage node is SIGKILLed and a
 * second batch is written while it is dead: those blobs certify with the other nodes' quorum, and after
 * the node is restarted it holds every sliver of its shards for every blob, including the ones that
 * never reached it (recovered from its peers). In the end every upload has exactly one receipt per
 * segment, no blob was registered twice (LocalChain's event log), and every upload reads back identical.
 */
class ClusterIT {
    static final Duration START = Duration.ofSeconds(180);
    static final Duration PROGRESS = Duration.ofSeconds(150);
    /** Blobs of 1 MiB on the 10-shard network (its largest is 1.75 MiB); uploads up to 64 KiB go into quilts. */
    static final Map<String, String> JOB = Map.of("parallelism", "2", "checkpoint.interval", "2s",
            "segment.size", "1MiB", "quilt.threshold", "64KiB", "quilt.linger", "1s");
    /** The node that is killed: it holds 2 of the 10 shards, the other 8 still make a quorum (3·8 ≥ 2·10+1). */
    static final int VICTIM = 3;

    Path work;
    LocalDeployment deployment;
    final long t0 = System.nanoTime();

    @BeforeEach
    void workDir() throws IOException {
        work = WorkDirs.create("cluster-it");
    }

    boolean passed;

    @AfterEach
    void stop() {
        if (deployment != null) {
            deployment.close();
        }
        if (passed) {
            WorkDirs.delete(work);
        }
    }

    private void log(String what) {
        System.out.printf("[ClusterIT %6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    @Test
    void certifiesEveryUploadExactlyOnceThroughTaskManagerAndNodeCrashes() throws Exception {
        deployment = LocalDeployment.start(work.resolve("deployment"), LocalDeployment.Classpaths.fromFiles(
                        Path.of(System.getProperty("walrus.flink.classpath")),
                        Path.of(System.getProperty("walrus.kafka.classpath")), LocalDeployment.Classpaths.currentJvm()),
                LocalDeployment.Settings.defaults(), START);
        log("deployment up: " + deployment.processes().size() + " processes (TaskManager included) + registry");
        String jobId = submit();
        log("job " + jobId + " running");

        try (ReceiptReader receipts = new ReceiptReader(deployment.kafka().bootstrapServers(),
                deployment.registry().baseUrl(), DefaultTopics.RECEIPTS)) {
            // batch A1 is certified and receipted before anything goes wrong; meanwhile the CPU of each process
            // is followed by role, as bench cluster reports it
            Map<String, Long> pids = new LinkedHashMap<>();
            deployment.processes().forEach(p -> pids.put(p.name(), p.pid()));
            RoleCpu cpu = RoleCpu.of(pids);
            Map<String, Long> cpu0 = cpu.snapshot();
            Path dataA1 = work.resolve("data-a1");
            List<Uploads.Upload> uploads = new ArrayList<>(ingest("ingest-a1", dataA1,
                    Uploads.randomFiles(dataA1, "a1", 1, 1_200_000, 20_000, 300_000, 5_000)));
            List<Uploads.Upload> batchA1 = List.copyOf(uploads);
            receipts.until(r -> covered(r, batchA1), PROGRESS);
            assertTrue(covered(receipts.all(), batchA1), "receipts of batch A1: " + receipts.all().size());
            log("batch A1 receipted: " + receipts.all().size() + " receipts");
            Map<String, Long> byRole = cpu.byRoleSince(cpu0);
            // the job ran in the TaskManager, the slivers went to the nodes through the broker's chunks
            for (String role : List.of("taskmanager", "node", "kafka", "chain", "jobmanager")) {
                assertTrue(byRole.containsKey(role), "no process of role " + role + " among " + pids.keySet());
            }
            assertTrue(byRole.get("taskmanager") > 0 && byRole.get("node") > 0 && byRole.get("kafka") > 0,
                    "CPU ns by role over batch A1: " + byRole);
            log("CPU over batch A1 by role (ns): " + byRole);
            FlinkRestClient.Checkpoints sofar = deployment.flink().rest().checkpoints(jobId);
            // the receipts waited for completed checkpoints, which persisted the job's state (offsets at least)
            assertTrue(sofar.completed() > 0 && sofar.checkpointedBytesAvg() > 0, "checkpoints so far: " + sofar);

            // batch A2 streams in and the TaskManager is SIGKILLed the moment ingest returns: its blobs cannot
            // all be certified yet (a certification waits for the checkpoint after the upload), so the crash hits
            // uploads in every stage, from not yet read to registered and confirmed but uncertified
            Path dataA2 = work.resolve("data-a2");
            List<Uploads.Upload> batchA2 = ingest("ingest-a2", dataA2, Uploads.randomFiles(dataA2, "a2", 2,
                    2_600_000, 700_000, 40_000, 60_000, 90_000, 1_000, 2_000_000, 1_500_000, 2_200_000, 1_700_000,
                    2_500_000, 1_900_000));
            uploads.addAll(batchA2);
            FlinkRestClient.Checkpoints before = deployment.flink().rest().checkpoints(jobId);
            deployment.flink().killTaskManager("taskmanager-0");
            List<BlobReceipt> atCrash = receipts.drain(Duration.ofMillis(300));
            assertTrue(!covered(atCrash, batchA2), "the crash must come mid-stream: all of batch A2 was already receipted");
            log("SIGKILLed taskmanager-0 with " + ofUploads(atCrash, ids(batchA2)) + " receipts of batch A2 in, "
                    + before.completed() + " completed checkpoints");
            deployment.flink().startTaskManager("taskmanager-1", 2, START);
            log("taskmanager-1 registered");

            // a storage node dies; batch B is written while it is down
            deployment.killNode(VICTIM);
            log("SIGKILLed node-" + VICTIM);
            Path dataB = work.resolve("data-b");
            uploads.addAll(ingest("ingest-b", dataB,
                    Uploads.randomFiles(dataB, "b", 2, 1_500_000, 30_000, 400_000, 10_000, 900_000, 50_000)));
            Set<String> batchB = ids(uploads.subList(uploads.size() - 6, uploads.size()));
            receipts.until(r -> ofUploads(r, batchB) >= 3, PROGRESS);
            int certifiedWhileDown = ofUploads(receipts.all(), batchB);
            log(certifiedWhileDown + " blobs of batch B certified while node-" + VICTIM + " was down");
            assertTrue(certifiedWhileDown >= 3, "writes must keep certifying with a node down; receipts: "
                    + receipts.all().size());
            ChildJvm restarted = deployment.restartNode(VICTIM, START);
            log("node-" + VICTIM + " restarted as pid " + restarted.pid());

            List<BlobReceipt> all = receipts.until(r -> covered(r, uploads), PROGRESS);
            assertTrue(covered(all, uploads), "receipts for every upload: " + all.size() + " receipts for "
                    + uploads.size() + " uploads");
            all = receipts.drain(Duration.ofSeconds(4));
            log(all.size() + " receipts for " + uploads.size() + " uploads");

            FlinkRestClient.Checkpoints after = deployment.flink().rest().checkpoints(jobId);
            assertTrue(after.restored() >= 1, "the job must have restored from a checkpoint: " + after);
            exactlyOnePerSegment(all, uploads);
            Set<BlobId> blobs = all.stream().map(r -> BlobId.parse(r.getBlobId()))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            Map<BlobId, Integer> registrations = registrations(deployment.network().chainUrl());
            for (BlobId b : blobs) {
                assertEquals(1, registrations.getOrDefault(b, 0), "registrations of blob " + b);
            }
            readBack(all, uploads);
            log("every upload read back identical; " + blobs.size() + " blobs, each registered once");
            receiptsCommandShows(batchA2.get(0), all);
            nodeCatchesUp(blobs);
            log("node-" + VICTIM + " holds every sliver of its shards");
        }
        passed = true;
    }

    private String submit() {
        Path jar = JobJars.jobJar();
        Path jobConfig = deployment.writeJobConfig(JOB);
        // a setting the job refuses on the JobManager comes back as a clear error, and nothing runs
        StringWriter badOut = new StringWriter();
        StringWriter badErr = new StringWriter();
        int bad = Main.run(new PrintWriter(badOut), new PrintWriter(badErr), "job", "submit", "--jobmanager",
                deployment.flink().restAddress(), "--config", jobConfig.toString(), "--jar", jar.toString(),
                "segment.size=64MiB");
        assertEquals(1, bad, badErr.toString());
        assertTrue(badErr.toString().contains("job submission failed at run") && badErr.toString().contains(
                "segment.size = 67108864 is larger than the largest blob a 10-shard network stores"), badErr.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "job", "submit", "--jobmanager",
                deployment.flink().restAddress(), "--config", jobConfig.toString(), "--jar", jar.toString());
        assertEquals(0, code, "job submit failed:\n" + err);
        return out.toString().strip();
    }

    /** {@code walrus-stream receipts --config job.properties --upload ID} prints the upload's receipts as JSON. */
    private void receiptsCommandShows(Uploads.Upload upload, List<BlobReceipt> all) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "receipts", "--config",
                deployment.workDir().resolve("job.properties").toString(), "--upload", upload.uploadId(), "--wait", "30");
        assertEquals(0, code, err.toString());
        List<String> lines = out.toString().lines().toList();
        List<BlobReceipt> expected = all.stream().filter(r -> r.getUploadId().equals(upload.uploadId())).toList();
        assertEquals(expected.size(), lines.size(), out.toString());
        for (String line : lines) {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            assertEquals(upload.uploadId(), n.path("uploadId").asText());
            assertTrue(expected.stream().anyMatch(r -> r.getBlobId().equals(n.path("blobId").asText())
                    && r.getSegment() == n.path("segment").asInt()), line);
        }
    }

    private List<Uploads.Upload> ingest(String name, Path dir, List<Path> files) {
        String output = deployment.launcher().run(name, Duration.ofSeconds(120), "ingest",
                "--bootstrap", deployment.kafka().bootstrapServers(), "--registry", deployment.registry().baseUrl(),
                "--json", "--progress", "never", dir.toString());
        List<Uploads.Upload> uploads = Uploads.parse(output, dir);
        assertEquals(files.size(), uploads.size(), "ingest reported:\n" + output);
        log(name + ": " + uploads.size() + " uploads, " + uploads.stream().mapToLong(Uploads.Upload::size).sum() + " bytes");
        return uploads;
    }

    private static Set<String> ids(List<Uploads.Upload> uploads) {
        return uploads.stream().map(Uploads.Upload::uploadId).collect(Collectors.toSet());
    }

    private static int ofUploads(List<BlobReceipt> receipts, Set<String> uploadIds) {
        return (int) receipts.stream().filter(r -> uploadIds.contains(r.getUploadId())).count();
    }

    /** True when every upload has receipts for all its segments. */
    private static boolean covered(List<BlobReceipt> receipts, List<Uploads.Upload> uploads) {
        Map<String, Set<Integer>> segments = new HashMap<>();
        Map<String, Integer> expected = new HashMap<>();
        for (BlobReceipt r : receipts) {
            segments.computeIfAbsent(r.getUploadId(), k -> new java.util.HashSet<>()).add(r.getSegment());
            expected.put(r.getUploadId(), r.getSegments());
        }
        return uploads.stream().allMatch(u -> segments.containsKey(u.uploadId())
                && segments.get(u.uploadId()).size() == expected.get(u.uploadId()));
    }

    private static void exactlyOnePerSegment(List<BlobReceipt> receipts, List<Uploads.Upload> uploads) {
        Map<String, Map<Integer, Integer>> counts = new HashMap<>();
        for (BlobReceipt r : receipts) {
            assertTrue(r.getStatus() == StoreStatus.NEWLY_CREATED || r.getStatus() == StoreStatus.ALREADY_CERTIFIED,
                    "receipt of a stored blob: " + r);
            counts.computeIfAbsent(r.getUploadId(), k -> new TreeMap<>()).merge(r.getSegment(), 1, Integer::sum);
        }
        Set<String> ids = uploads.stream().map(Uploads.Upload::uploadId).collect(Collectors.toSet());
        assertEquals(ids, counts.keySet(), "receipts name exactly the uploads");
        counts.forEach((upload, perSegment) -> perSegment.forEach((segment, n) ->
                assertEquals(1, n, "receipts of upload " + upload + " segment " + segment)));
    }

    private void readBack(List<BlobReceipt> receipts, List<Uploads.Upload> uploads) throws Exception {
        Map<String, List<BlobReceipt>> byUpload = receipts.stream().collect(Collectors.groupingBy(BlobReceipt::getUploadId));
        ClientConfig cc = ClientConfig.read(deployment.clientConfig());
        try (StorageClient client = new StorageClient(cc.openChain(), cc.options())) {
            ReadBack reader = new ReadBack(client);
            for (Uploads.Upload u : uploads) {
                assertArrayEquals(Files.readAllBytes(u.file()), reader.upload(byUpload.get(u.uploadId())),
                        "read back " + u);
            }
        }
    }

    private void nodeCatchesUp(Set<BlobId> blobs) throws Exception {
        LocalNetwork net = deployment.network();
        LocalNetwork.NodeEntry victim = net.manifest().nodes().get(VICTIM);
        List<Integer> shards;
        try (LocalChainHttpClient chain = new LocalChainHttpClient(net.chainUrl(), null)) {
            shards = chain.committee().members().stream().filter(m -> m.nodeId().equals(victim.nodeId()))
                    .findFirst().orElseThrow().shards();
        }
        NodeSlivers slivers = new NodeSlivers(net.manifest().host() + ":" + victim.port(), shards,
                net.manifest().nShards());
        long deadline = System.nanoTime() + PROGRESS.toNanos();
        List<String> missing = slivers.missing(blobs);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            missing = slivers.missing(blobs);
        }
        assertEquals(List.of(), missing, "slivers node-" + VICTIM + " still lacks");
    }

    /** How often each blob was registered, from LocalChain's event log. */
    static Map<BlobId, Integer> registrations(String chainUrl) {
        Map<BlobId, Integer> count = new HashMap<>();
        try (LocalChainHttpClient chain = new LocalChainHttpClient(chainUrl, null)) {
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

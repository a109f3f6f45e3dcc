package dev.walrusstream.app.cli;

import dev.walrusstream.app.stack.DatasetManifests;
import dev.walrusstream.app.stack.EmbeddedStack;
import dev.walrusstream.app.stack.PipelineRun;
import dev.walrusstream.app.stack.SampleData;
import dev.walrusstream.app.stack.StackOptions;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.app.stack.ReceiptWatcher;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.ingest.DatasetRef;
import dev.walrusstream.ingest.KafkaChunkSink;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.ingest.ProgressBar;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DatasetManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code walrus-stream demo}: the whole pipeline on this machine, end to end, then shut down.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start the embedded stack (Kafka broker, schema registry process, a local committee of storage",
            "nodes with LocalChain, the encode job on Flink's MiniCluster), ingest PATH (or generated sample data),",
            "wait for every receipt, read every blob back and check it, close the dataset version and wait for the",
            "job to store its manifest, stop."})
public final class DemoCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or directories to ingest (default: generated samples).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", description = "Keep the stack's state here (default: a temporary directory, removed at the end).")
    Path dir;

    @Option(names = "--nodes", defaultValue = "4", description = "Storage nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--shards", defaultValue = "10", description = "Shards of the committee (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of the job (default ${DEFAULT-VALUE}).")
    int parallelism;

    @picocli.CommandLine.Mixin
    LedgerOption ledger = new LedgerOption();

    @Option(names = "--dataset", defaultValue = "demo", description = "Dataset name for the manifest (default ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--dataset-version", defaultValue = "v1", description = "Dataset version (default ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--timeout", defaultValue = "10m", description = "How long to wait for receipts (default ${DEFAULT-VALUE}).")
    String timeout;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? dir : Files.createTempDirectory("walrus-stream-demo");
        try {
            return run(work);
        } finally {
            if (dir == null) {
                deleteQuietly(work);
            }
        }
    }

    private int run(Path work) throws Exception {
        out.println("Walrus Stream demo: everything runs on this machine, for real.");
        List<String> inputs = new ArrayList<>(paths);
        if (inputs.isEmpty()) {
            Path data = SampleData.write(work.resolve("sample-data"), 60, 3, 1_200_000, 42);
            inputs.add(data.toString());
            out.println("No PATH given: generated 60 JSON samples and 3 footage clips under " + data);
        }
        StackOptions options = StackOptions.defaults(work.resolve("stack")).withCommittee(nodes, shards)
                .withParallelism(parallelism).withLedger(ledger.ledger());
        out.println("Starting the embedded stack...");
        long t0 = System.nanoTime();
        // failures, restarts, stalled checkpoints and a paused sink are said on the console as they happen
        try (EmbeddedStack stack = EmbeddedStack.start(options, out);
             dev.walrusstream.app.stack.JobWatch watch = dev.walrusstream.app.stack.JobWatch.start(stack, out,
                     java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(Math.max(60, 6 * options.checkpointInterval().toSeconds())))) {
            out.printf("Stack up in %.1f s.%n%n", (System.nanoTime() - t0) / 1e9);
            IngestSettings settings = IngestSettings.builder().dataset(dataset, version).build();
            PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
            int[] count = {0};
            PipelineRun.Result result = PipelineRun.run(stack, inputs, settings, new ProgressBar(err),
                    r -> out.printf("  receipt %3d  %-38s %s%n", ++count[0], abbreviate(r.getSourceName(), 38), r.getStatus()),
                    dev.walrusstream.job.JobConfig.parseDuration(timeout));
            printTable(result);
            if (!result.allVerified()) {
                out.println("Some uploads did not end stored and verified (see above).");
            }
            try (KafkaChunkSink sink = KafkaChunkSink.create(stack.services().bootstrapServers(),
                    stack.services().registryClient(), settings);
                 ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(stack.services().bootstrapServers(),
                         stack.services().registryUrl(), stack.jobConfig().receiptsTopic());
                 StorageClient client = stack.newClient()) {
                sink.closeVersion(new DatasetRef(dataset, version));
                BlobReceipt stored = DatasetManifests.awaitFinal(receipts, dataset, version,
                        dev.walrusstream.job.JobConfig.parseDuration(timeout));
                DatasetManifest manifest = DatasetManifests.fromBytes(client.read(BlobId.parse(stored.getBlobId())));
                out.printf("%nDataset manifest %s/%s (closed by the job): %d files, stored as blob %s (%s)%n", dataset,
                        version, manifest.getFiles().size(), stored.getBlobId(), stored.getStatus());
            }
            out.println("Shutting down...");
            return result.allVerified() ? 0 : 1;
        } finally {
            out.println("Stopped.");
        }
    }

    private void printTable(PipelineRun.Result r) {
        out.println();
        out.printf("%-40s %12s  %-52s %s%n", "upload", "bytes", "blob id / quilt patch id", "check");
        List<PipelineRun.Outcome> outcomes = new ArrayList<>(r.outcomes());
        outcomes.sort(Comparator.comparing(o -> o.upload().sourceName()));
        for (PipelineRun.Outcome o : outcomes) {
            String id = o.receipts().isEmpty() ? "-" : label(o.receipts().get(0));
            out.printf("%-40s %12d  %-52s %s%n", abbreviate(o.upload().sourceName(), 40), o.upload().size(),
                    o.receipts().size() > 1 ? id + " +" + (o.receipts().size() - 1) : id,
                    o.verified() ? "read back OK" : "FAILED: " + o.problem());
        }
        long blobs = r.outcomes().stream().flatMap(o -> o.receipts().stream()).map(BlobReceipt::getBlobId).distinct().count();
        out.printf("%n%d uploads, %d bytes in %d blobs (%d quilt patches); ingest %.1f MB/s, first chunk to last receipt "
                        + "%.1f MB/s, read back %.1f MB/s%n",
                r.outcomes().size(), r.bytes(), blobs,
                r.outcomes().stream().flatMap(o -> o.receipts().stream()).filter(x -> x.getQuiltPatchId() != null).count(),
                r.bytes() / 1e6 / (r.ingestNanos() / 1e9), r.endToEndMBps(), r.bytes() / 1e6 / (r.readNanos() / 1e9));
    }

    private static String label(BlobReceipt r) {
        return r.getQuiltPatchId() != null ? r.getQuiltPatchId() : r.getBlobId();
    }

    static String abbreviate(String s, int width) {
        if (s == null) {
            return "-";
        }
        return s.length() <= width ? s : "..." + s.substring(s.length() - width + 3);
    }

    static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a leftover temporary directory is harmless
        }
    }
}

package dev.walrusstream.app.cli;

import dev.walrusstream.app.stack.EmbeddedStack;
import dev.walrusstream.app.stack.JobWatch;
import java.time.Duration;
import dev.walrusstream.app.stack.StackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code walrus-stream up}: the embedded stack, kept running for {@code ingest} from another terminal. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the embedded stack and keep it running until Ctrl-C: a Kafka broker, a schema registry",
            "process, a local committee of storage nodes with LocalChain and the encode job on Flink's MiniCluster.",
            "State lives in DIR; starting again on the same DIR resumes from the last checkpoint."})
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = ".walrus-stream/stack", paramLabel = "DIR",
            description = "State directory (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--nodes", defaultValue = "4", description = "Storage nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--shards", defaultValue = "10", description = "Shards of the committee (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of the job (default ${DEFAULT-VALUE}).")
    int parallelism;

    @picocli.CommandLine.Mixin
    LedgerOption ledger = new LedgerOption();

    @Option(names = "--aggregator-bind", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address of the aggregator (default ${DEFAULT-VALUE}).")
    String aggregatorBind;

    @Option(names = "--aggregator-port", defaultValue = "31415", paramLabel = "P",
            description = "Port of the aggregator (default ${DEFAULT-VALUE}; 0 = any free one).")
    int aggregatorPort;
    @Option(names = "--aggregator-key-file", paramLabel = "FILE",
            description = "Key-encryption key the aggregator opens encrypted blobs with (default: the job's "
                    + "encryption.key-source when set).")
    Path aggregatorKeyFile;

    @Option(names = "--aggregator-key-source", paramLabel = "SPEC",
            description = "As --aggregator-key-file, any key-source spec (file:, env:, pkcs12:, kms:).")
    String aggregatorKeySource;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A job setting (see docs/job-settings.md), for example --set segment.size=4MiB; repeatable.")
    java.util.Map<String, String> jobSettings = new java.util.LinkedHashMap<>();

    PrintStream out = System.out;

    /** The aggregator's key source: its own options, else the job's encryption.key-source, else none. */
    String aggregatorKeySpec() {
        if (aggregatorKeyFile != null && aggregatorKeySource != null) {
            throw new IllegalArgumentException("give --aggregator-key-file or --aggregator-key-source, not both");
        }
        if (aggregatorKeyFile != null) {
            return "file:" + aggregatorKeyFile.toAbsolutePath();
        }
        return aggregatorKeySource != null ? aggregatorKeySource : jobSettings.get("encryption.key-source");
    }

    @Override
    public Integer call() throws Exception {
        StackOptions options = StackOptions.defaults(dir.toAbsolutePath()).withCommittee(nodes, shards)
                .withParallelism(parallelism).withLedger(ledger.ledger());
        for (java.util.Map.Entry<String, String> e : jobSettings.entrySet()) {
            options = options.withJob(e.getKey(), e.getValue());
        }
        out.println("Starting the embedded stack in " + options.dir() + "...");
        EmbeddedStack stack = EmbeddedStack.start(options, out);
        dev.walrusstream.client.StorageClient readClient = stack.newClient();
        dev.walrusstream.aggregator.Aggregator aggregator = dev.walrusstream.aggregator.Aggregator.start(readClient,
                dev.walrusstream.aggregator.AggregatorConfig.DEFAULTS.withAddress(aggregatorBind, aggregatorPort)
                        .withKeySource(aggregatorKeySpec()));
        dev.walrusstream.app.stack.ManifestFeed feed = dev.walrusstream.app.stack.ManifestFeed.start(aggregator,
                stack.services().bootstrapServers(), stack.services().registryUrl(), stack.jobConfig().receiptsTopic(), out);
        // failures, restarts, stalled checkpoints and a paused sink are said here, with the settings to look at
        JobWatch watch = JobWatch.start(stack, out, Duration.ofSeconds(2),
                Duration.ofSeconds(Math.max(60, 6 * options.checkpointInterval().toSeconds())));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("Stopping the embedded stack...");
            watch.close();
            feed.close();
            aggregator.close();
            readClient.close();
            stack.close();
            stopped.countDown();
        }, "walrus-stream-up-shutdown"));
        out.printf("%nReady. From another terminal:%n  ./walrus-stream ingest --bootstrap %s --registry %s PATH...%n",
                stack.services().bootstrapServers(), stack.services().registryUrl());
        out.printf("  ./walrus-stream read --config %s BLOB_ID --out FILE%n", stack.network().clientConfig());
        out.printf("  ./walrus-stream datasets --bootstrap %s --registry %s%n",
                stack.services().bootstrapServers(), stack.services().registryUrl());
        out.println("  aggregator " + aggregator.url());
        out.println("Receipts arrive on " + stack.jobConfig().receiptsTopic() + ", dead letters on "
                + stack.jobConfig().deadLetterTopic() + ". Ctrl-C stops everything.");
        stopped.await();
        return 0;
    }
}

package dev.walrusstream.app.cli;

import dev.walrusstream.aggregator.Aggregator;
import dev.walrusstream.aggregator.AggregatorConfig;
import dev.walrusstream.app.stack.ManifestFeed;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.dataset.DatasetVersion;
import dev.walrusstream.codec.text.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code walrus-stream aggregator}: serve blobs, quilt patches and dataset files over HTTP until Ctrl-C. */
@Command(name = "aggregator", mixinStandardHelpOptions = true,
        description = {"Serve reads over HTTP as a Walrus aggregator does (GET/HEAD /v1/blobs/{id}, /v1/blobs/by-quilt-patch-id/{id},",
            "/v1/blobs/by-quilt-id/{quilt}/{identifier}, /v1/quilts/{quilt}/patches), plus dataset routes",
            "(/v1/datasets, /v1/datasets/{dataset}/{version}[/files/{path}]) and a console page at /. Range on every route.",
            "With --key-file/--key-source, client-side encrypted blobs, quilts and dataset files are served as plaintext",
            "(docs/encryption.md); without, encrypted blobs are served as stored with X-Walrus-Stream-Encrypted headers."})
public final class AggregatorCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "31415", paramLabel = "P", description = "Port (default ${DEFAULT-VALUE}; 0 = any free one).")
    int port;

    @Option(names = "--manifest", arity = "1..*", paramLabel = "BLOB_ID", description = "Dataset manifests to serve.")
    List<String> manifests = new ArrayList<>();

    @Option(names = "--bootstrap", paramLabel = "SERVERS", description = "Kafka: follow the receipts topic for dataset manifests.")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry of the receipts (with --bootstrap).")
    String registry;

    @Option(names = "--receipts-topic", defaultValue = "walrus.receipts", paramLabel = "TOPIC",
            description = "Receipts topic (default ${DEFAULT-VALUE}).")
    String receiptsTopic;

    @Option(names = "--max-concurrent-reads", defaultValue = "16", paramLabel = "N",
            description = "Reads served at once; more wait up to 10 s, then get 503 (default ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Option(names = "--cache", defaultValue = "256MiB", paramLabel = "SIZE",
            description = "Bound of the decoded-segment cache (default ${DEFAULT-VALUE}).")
    String cache;

    @picocli.CommandLine.Mixin
    KeyOptions keyOptions = new KeyOptions();

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (bootstrap != null && registry == null) {
            throw new IllegalArgumentException("--bootstrap " + bootstrap + " needs --registry URL to read the receipts");
        }
        AggregatorConfig config = AggregatorConfig.DEFAULTS.withAddress(bind, port)
                .withLimits(maxConcurrent, Duration.ofSeconds(10), ByteSize.parse(cache)).withKeySource(keyOptions.spec());
        ClientConfig cfg = chainSelection.read();
        try (Chain chain = cfg.openChain(); StorageClient client = new StorageClient(chain, cfg.options());
             Aggregator aggregator = Aggregator.start(client, config)) {
            for (String m : manifests) {
                DatasetVersion v = aggregator.addManifest(BlobIdArgument.parse(m));
                out.println("  dataset " + v.dataset() + " " + v.version() + ": " + v.files().size() + " files");
            }
            ManifestFeed feed = bootstrap == null ? null : ManifestFeed.start(aggregator, bootstrap, registry, receiptsTopic, out);
            out.println("  aggregator " + aggregator.url() + (config.keySource() == null ? ""
                    : " (decrypting with " + config.keySource() + ")"));
            out.println("  memory bound: " + config.maxConcurrentReads() + " reads x (" + ByteSize.format(config.windowBytes())
                    + " window + the slivers covering it) + " + ByteSize.format(config.cacheBytes()) + " cache. Ctrl-C stops.");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "walrus-aggregator-shutdown"));
            stop.await();
            if (feed != null) {
                feed.close();
            }
        }
        return 0;
    }

}

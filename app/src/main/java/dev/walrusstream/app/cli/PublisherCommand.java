package dev.walrusstream.app.cli;

import dev.walrusstream.codec.text.ByteSize;
import dev.walrusstream.ingest.IngestSettings;
import dev.walrusstream.ingest.KafkaChunkSink;
import dev.walrusstream.ingest.TopicCheck;
import dev.walrusstream.ingest.Uploader;
import dev.walrusstream.ingest.publisher.PublisherServer;
import dev.walrusstream.ingest.publisher.PublisherSettings;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code walrus-stream publisher}: an HTTP endpoint that turns each PUT body into an upload on Kafka. */
@Command(name = "publisher", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve PUT /v1/blobs (like Walrus's publisher): each request body becomes one upload on the "
                + "chunk topic; the answer (202, JSON) names the upload id once Kafka acknowledged it.",
                "Query parameters: name, dataset + version, attr.KEY=VALUE, and Walrus's epochs, deletable, "
                        + "permanent (kept as walrus.* attributes). Bodies over --max-body get 413. Runs until Ctrl-C."})
public final class PublisherCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProducerOptions producer;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "31415", paramLabel = "PORT",
            description = "Port (default: ${DEFAULT-VALUE}, as Walrus's publisher; 0 = any free port).")
    int port;

    @Option(names = "--max-body", defaultValue = "10MiB", paramLabel = "SIZE",
            description = "Largest request body (default: ${DEFAULT-VALUE}, as Walrus's publisher; at most 64GiB).")
    String maxBody;

    @Option(names = "--max-concurrent", defaultValue = "8", paramLabel = "N",
            description = "Requests handled at once (default: ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        IngestSettings settings;
        PublisherSettings publisher;
        try {
            settings = producer.settings().build();
            publisher = new PublisherSettings(bind, port, ByteSize.parse(maxBody), maxConcurrent,
                    Duration.ofMinutes(2));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(producer.registryConfig());
        KafkaChunkSink sink = KafkaChunkSink.create(producer.bootstrap(), registry, settings);
        CountDownLatch stopped = new CountDownLatch(1);
        PublisherServer server;
        try {
            TopicCheck.verify(producer.bootstrap(), settings.topic(), settings.chunkSize(), 0);
            server = PublisherServer.start(new Uploader(sink, settings), publisher);
        } catch (RuntimeException | java.io.IOException e) {
            sink.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            sink.close();
            stopped.countDown();
        }, "publisher-shutdown"));
        err.println("publisher: PUT " + server.url() + "/v1/blobs -> topic " + settings.topic() + " on "
                + producer.bootstrap() + " (max body " + ByteSize.format(publisher.maxBodyBytes()) + "); Ctrl-C stops");
        err.flush();
        stopped.await();
        return 0;
    }
}

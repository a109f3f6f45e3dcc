package dev.walrusstream.app.stack;

import dev.walrusstream.aggregator.Aggregator;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.ReceiptKind;

import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.wire.AvroWireDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.Set;

/**
 * Follows the receipts topic from its start and tells an aggregator about every dataset manifest
 * receipt ({@code kind = MANIFEST}), so the aggregator lists dataset versions the job wrote, and
 * shows every receipt on the console. A thread of its own; close to stop it. Holds only the manifest
 * IDs it has seen (the aggregator keeps the newest 200 receipts).
 */
public final class ManifestFeed implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    private ManifestFeed(Aggregator aggregator, String bootstrap, String registry, String topic, PrintStream log) {
        thread = new Thread(() -> follow(aggregator, bootstrap, registry, topic, log), "walrus-manifest-feed");
        thread.setDaemon(true);
    }

    public static ManifestFeed start(Aggregator aggregator, String bootstrap, String registry, String topic, PrintStream log) {
        ManifestFeed f = new ManifestFeed(aggregator, bootstrap, registry, topic, log);
        f.thread.start();
        return f;
    }

    private void follow(Aggregator aggregator, String bootstrap, String registry, String topic, PrintStream log) {
        // its own consumer, holding nothing but the manifest IDs seen: memory stays bounded however long it runs
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "walrus-stream-aggregator-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Set<String> seen = new HashSet<>();
        AvroWireDeserializer<BlobReceipt> wire = AvroWireDeserializer.specific(
                new SchemaRegistryClient(RegistryClientConfig.of(registry)), BlobReceipt.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    BlobReceipt r;
                    try {
                        r = wire.deserialize(record.value());
                    } catch (RuntimeException e) {
                        log.println("aggregator: skipping an undecodable receipt at " + record.topic() + "-"
                                + record.partition() + "@" + record.offset() + ": " + e.getMessage());
                        continue;
                    }
                    aggregator.noteReceipt(view(r));
                    if (r.getKind() != ReceiptKind.MANIFEST || r.getBlobId() == null || !seen.add(r.getBlobId())) {
                        continue;
                    }
                    try {
                        var v = aggregator.addManifest(BlobId.parse(r.getBlobId()));
                        log.println("aggregator: dataset " + v.dataset() + " " + v.version() + " (" + v.files().size()
                                + " files, manifest " + r.getBlobId() + ")");
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        log.println("aggregator: cannot read manifest " + r.getBlobId() + " of receipt for upload "
                                + r.getUploadId() + ": " + e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                log.println("aggregator: the manifest feed from " + topic + " stopped: " + e.getMessage());
            }
        }
    }

    private static java.util.Map<String, Object> view(BlobReceipt r) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("kind", r.getKind().name());
        m.put("uploadId", r.getUploadId().toString());
        m.put("sourceName", r.getSourceName() == null ? "" : r.getSourceName().toString());
        m.put("segment", r.getSegment() + 1 + "/" + r.getSegments());
        m.put("blobId", r.getBlobId().toString());
        m.put("quiltPatchId", r.getQuiltPatchId() == null ? "" : r.getQuiltPatchId().toString());
        m.put("endEpoch", r.getEndEpoch() == null ? "" : r.getEndEpoch().toString());
        m.put("dataset", r.getDataset() == null ? "" : r.getDataset() + " " + (r.getDatasetVersion() == null ? ""
                : r.getDatasetVersion()));
        return m;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.walrusstream.app.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.aggregator.Aggregator;
import dev.walrusstream.aggregator.AggregatorConfig;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.embedded.EmbeddedServices;
import dev.walrusstream.node.LocalNetwork;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.KafkaProvenance;
import dev.walrusstream.schemas.ReceiptKind;
import dev.walrusstream.schemas.StoreStatus;
import dev.walrusstream.schemas.registry.SubjectNameStrategy;
import dev.walrusstream.schemas.wire.AvroWireSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The aggregator learns dataset versions from the receipts topic: MANIFEST receipts on a real Kafka
 * broker (with the real registry) make their versions appear under /v1/datasets; every receipt shows
 * on /v1/receipts for the console; a MANIFEST receipt naming a blob that is no manifest is reported,
 * not listed.
 */
class ManifestFeedIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void manifestReceiptsBecomeDatasetVersions() throws Exception {
        EmbeddedServices services = EmbeddedServices.shared();
        String topic = "feed-it.receipts";
        services.kafka().createTopics(List.of(new dev.walrusstream.embedded.TopicSpec(topic, 1, java.util.Map.of())));
        try (LocalNetwork network = LocalNetwork.init(dir, 4, 10, "127.0.0.1").start()) {
            ClientConfig cfg = ClientConfig.read(network.clientConfig());
            try (Chain chain = cfg.openChain(); StorageClient client = new StorageClient(chain, cfg.options());
                 Aggregator aggregator = Aggregator.start(client, AggregatorConfig.DEFAULTS.withAddress("127.0.0.1", 0))) {
                String manifest = store(client, DatasetManifests.toBytes(DatasetManifest.newBuilder().setDataset("cams")
                        .setVersion("2026-12").setCreatedAt(Instant.now()).setFormatVersion(2).setClosed(false)
                        .setBlobs(List.of()).setFiles(List.of()).build()));
                String notManifest = store(client, "plain bytes".getBytes(StandardCharsets.UTF_8));

                Properties p = new Properties();
                p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());
                p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
                AvroWireSerializer<BlobReceipt> wire = AvroWireSerializer.specific(services.registryClient(),
                        SubjectNameStrategy.valueSubject(topic), BlobReceipt.class, true);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(topic, wire.serialize(receipt("u1", ReceiptKind.UPLOAD, notManifest))));
                    producer.send(new ProducerRecord<>(topic, wire.serialize(receipt("m0", ReceiptKind.MANIFEST, notManifest))));
                    producer.send(new ProducerRecord<>(topic, wire.serialize(receipt("m1", ReceiptKind.MANIFEST, manifest))));
                    producer.flush();
                }
                ByteArrayOutputStream log = new ByteArrayOutputStream();
                try (ManifestFeed feed = ManifestFeed.start(aggregator, services.bootstrapServers(), services.registryUrl(),
                        topic, new PrintStream(log, true, StandardCharsets.UTF_8))) {
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    JsonNode list = JSON.createArrayNode();
                    while (System.nanoTime() < deadline && (list.size() == 0 || aggregator.recentReceipts().size() < 3)) {
                        list = JSON.readTree(get(aggregator, "/v1/datasets"));
                        Thread.sleep(100);
                    }
                    assertEquals(1, list.size(), "datasets: " + list + "; feed log: " + log);
                    assertEquals("cams", list.get(0).path("dataset").asText());
                    assertEquals(manifest, list.get(0).path("manifestBlobId").asText());
                    assertEquals(false, list.get(0).path("closed").asBoolean());
                    JsonNode receipts = JSON.readTree(get(aggregator, "/v1/receipts"));
                    assertEquals(3, receipts.size(), receipts.toString());
                    assertEquals("MANIFEST", receipts.get(0).path("kind").asText());
                    assertEquals("UPLOAD", receipts.get(2).path("kind").asText());
                    String said = log.toString(StandardCharsets.UTF_8);
                    assertTrue(said.contains("cannot read manifest " + notManifest) && said.contains("not a dataset manifest"),
                            said);
                }
            }
        }
    }

    static String get(Aggregator a, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(a.url() + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String store(StorageClient client, byte[] data) throws Exception {
        StoreResult r = client.store(data, StoreOptions.permanent(3));
        assertTrue(r.isStored(), r.toString());
        return r.blobId().base64Url();
    }

    static BlobReceipt receipt(String upload, ReceiptKind kind, String blobId) {
        return BlobReceipt.newBuilder().setUploadId(upload).setKind(kind).setBlobId(blobId).setSize(1)
                .setDataset("cams").setDatasetVersion("2026-12").setStatus(StoreStatus.NEWLY_CREATED)
                .setSource(KafkaProvenance.newBuilder().setTopic("walrus.chunks").setPartition(0).setFirstOffset(0)
                        .setLastOffset(0).build()).build();
    }
}

package dev.walrusstream.app.stack;

import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DeadLetter;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.SchemaRegistryClient;
import dev.walrusstream.schemas.wire.AvroWireDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Reads committed records of the receipts (and dead-letter) topic and tells when uploads are done:
 * an upload is done when all its segments have receipts (the last one says how many there are),
 * or when it was dead-lettered.
 */
public final class ReceiptWatcher<T extends SpecificRecord> implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroWireDeserializer<T> deserializer;
    private final List<T> records = new ArrayList<>();
    private final String topic;
    /** The topic's end offsets when the watcher started: {@link #caughtUp} once every one is reached. */
    private final Map<TopicPartition, Long> endsAtStart;

    private ReceiptWatcher(String bootstrap, String registryUrl, String topic, Class<T> type) {
        this(bootstrap, registryUrl, topic, type, null);
    }

    private ReceiptWatcher(String bootstrap, String registryUrl, String topic, Class<T> type, String groupId) {
        this.topic = topic;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId != null ? groupId : "walrus-stream-watch-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(x -> new TopicPartition(topic, x.partition())).toList();
        endsAtStart = Map.copyOf(consumer.endOffsets(partitions));
        consumer.subscribe(List.of(topic));
        deserializer = AvroWireDeserializer.specific(new SchemaRegistryClient(RegistryClientConfig.of(registryUrl)), type);
    }

    public static ReceiptWatcher<BlobReceipt> receipts(String bootstrap, String registryUrl, String topic) {
        return new ReceiptWatcher<>(bootstrap, registryUrl, topic, BlobReceipt.class);
    }

    /** Receipts read in consumer group {@code groupId} (one reader of the whole topic; for monitoring). */
    public static ReceiptWatcher<BlobReceipt> receipts(String bootstrap, String registryUrl, String topic, String groupId) {
        return new ReceiptWatcher<>(bootstrap, registryUrl, topic, BlobReceipt.class, groupId);
    }

    /**
     * True once the consumer holds every partition of the topic and has read up to the end offsets the
     * topic had when the watcher started: everything committed before then has been read. A quiet
     * period that starts earlier (while the group is still being joined) would end before anything was read.
     */
    public boolean caughtUp() {
        Set<TopicPartition> held = consumer.assignment();
        if (!held.containsAll(endsAtStart.keySet())) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> e : endsAtStart.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(10)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The topic read. */
    public String topic() {
        return topic;
    }

    public static ReceiptWatcher<DeadLetter> deadLetters(String bootstrap, String registryUrl, String topic) {
        return new ReceiptWatcher<>(bootstrap, registryUrl, topic, DeadLetter.class);
    }

    /** Reads what arrived within {@code wait}; returns everything read so far. */
    public List<T> poll(Duration wait) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            records.add(deserializer.deserialize(r.value()));
        }
        return List.copyOf(records);
    }

    /**
     * Reads what arrived within {@code wait} and returns only that, keeping nothing: for readers that
     * fold a whole topic into a summary in bounded memory ({@link #all} stays empty).
     */
    public List<T> drain(Duration wait) {
        List<T> fresh = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            fresh.add(deserializer.deserialize(r.value()));
        }
        return fresh;
    }

    public List<T> all() {
        return List.copyOf(records);
    }

    /**
     * Waits until every upload in {@code uploadIds} has all its receipts, or a dead letter from
     * {@code deadLetters} names it. Returns the receipts by upload.
     */
    public static Map<String, List<BlobReceipt>> awaitUploads(ReceiptWatcher<BlobReceipt> receipts,
                                                              ReceiptWatcher<DeadLetter> deadLetters,
                                                              Collection<String> uploadIds, Duration timeout,
                                                              java.util.function.Consumer<BlobReceipt> progress)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            List<BlobReceipt> all = receipts.poll(Duration.ofMillis(200));
            for (int i = seen; i < all.size(); i++) {
                progress.accept(all.get(i));
            }
            seen = all.size();
            List<DeadLetter> dead = deadLetters == null ? List.of() : deadLetters.poll(Duration.ZERO);
            Map<String, List<BlobReceipt>> byUpload = byUpload(all);
            List<String> waiting = new ArrayList<>();
            for (String id : uploadIds) {
                boolean deadLettered = dead.stream().anyMatch(d -> id.equals(d.getUploadId()));
                if (!deadLettered && !complete(byUpload.get(id))) {
                    waiting.add(id);
                }
            }
            if (waiting.isEmpty()) {
                return byUpload;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("after " + timeout.toSeconds() + " s still waiting for receipts of "
                        + waiting.size() + " upload(s), e.g. " + waiting.subList(0, Math.min(3, waiting.size())));
            }
        }
    }

    static Map<String, List<BlobReceipt>> byUpload(List<BlobReceipt> all) {
        Map<String, List<BlobReceipt>> m = new LinkedHashMap<>();
        for (BlobReceipt r : all) {
            m.computeIfAbsent(r.getUploadId(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    /** All segments 0..segments-1 are there (the last segment's receipt carries the count). */
    static boolean complete(List<BlobReceipt> receipts) {
        if (receipts == null) {
            return false;
        }
        int count = 0;
        Map<Integer, Boolean> segments = new HashMap<>();
        for (BlobReceipt r : receipts) {
            segments.put(r.getSegment(), true);
            count = Math.max(count, r.getSegments());
        }
        if (count == 0) {
            return false;
        }
        for (int s = 0; s < count; s++) {
            if (!segments.containsKey(s)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}

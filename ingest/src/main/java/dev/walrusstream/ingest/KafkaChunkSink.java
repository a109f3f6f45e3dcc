package dev.walrusstream.ingest;

import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.registry.SchemaRegistry;
import dev.walrusstream.schemas.registry.SubjectNameStrategy;
import dev.walrusstream.schemas.wire.AvroWireSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Produces chunks to Kafka: key = upload id (so an upload's chunks share a partition and keep their order), value
 * = {@link BlobChunk} in the Confluent wire format with the schema registered under {@code <topic>-value}.
 * Idempotent producer with {@code acks=all}, compression, and a bounded buffer: {@link #send} blocks while
 * {@link IngestSettings#bufferBytes()} are waiting for the broker. The schema is registered when the sink is
 * created, so an unreachable registry fails before anything is read or produced.
 */
public final class KafkaChunkSink implements ChunkSink {
    /** Room for the record's other fields and Kafka's record overhead next to the chunk bytes. */
    public static final int RECORD_OVERHEAD = 64 * 1024;

    private final String topic;
    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroWireSerializer<BlobChunk> serializer;

    private KafkaChunkSink(String topic, String bootstrap, KafkaProducer<String, byte[]> producer,
                           AvroWireSerializer<BlobChunk> serializer) {
        this.topic = topic;
        this.bootstrap = bootstrap;
        this.producer = producer;
        this.serializer = serializer;
    }

    /**
     * Registers the chunk schema and creates the producer.
     *
     * @throws dev.walrusstream.schemas.registry.SchemaRegistryException when the registry is unreachable or
     *                                                                   refuses the schema
     */
    public static KafkaChunkSink create(String bootstrapServers, SchemaRegistry registry, IngestSettings settings) {
        AvroWireSerializer<BlobChunk> serializer = AvroWireSerializer.specific(registry,
                SubjectNameStrategy.valueSubject(settings.topic()), BlobChunk.class, true);
        serializer.schemaId();
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(bootstrapServers, settings),
                new StringSerializer(), new ByteArraySerializer());
        return new KafkaChunkSink(settings.topic(), bootstrapServers, producer, serializer);
    }

    static Properties producerProperties(String bootstrap, IngestSettings s) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "walrus-stream-ingest");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, s.compression());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // one full chunk per batch: a batch never exceeds what the topic accepts for one chunk
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(s.chunkSize() + RECORD_OVERHEAD));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(s.chunkSize() + RECORD_OVERHEAD));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(s.bufferBytes()));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.putAll(s.producerOverrides());
        return p;
    }

    @Override
    public CompletableFuture<ChunkAck> send(BlobChunk chunk) throws IOException {
        byte[] value = serializer.serialize(chunk);
        CompletableFuture<ChunkAck> ack = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, chunk.getUploadId(), value), (md, e) -> {
                if (e != null) {
                    ack.completeExceptionally(new IOException("Kafka at " + bootstrap + " did not take chunk "
                            + chunk.getSequence() + " of upload " + chunk.getUploadId() + " (" + value.length
                            + " bytes) on topic " + topic + ": " + e.getMessage(), e));
                } else {
                    ack.complete(new ChunkAck(md.topic(), md.partition(), md.offset()));
                }
            });
        } catch (KafkaException e) {
            throw new IOException("cannot send chunk " + chunk.getSequence() + " of upload " + chunk.getUploadId()
                    + " to " + topic + " at " + bootstrap + ": " + e.getMessage(), e);
        }
        return ack;
    }

    /**
     * Closes a dataset version: flushes every chunk sent so far (all acknowledged), then writes one copy
     * of a {@link CloseMarkers close marker} to every partition of the topic and waits for each to be
     * acknowledged. Returns where the copies landed.
     */
    public CloseMarkers.Sent closeVersion(DatasetRef version) throws IOException {
        producer.flush();
        int partitions;
        try {
            partitions = producer.partitionsFor(topic).size();
        } catch (KafkaException e) {
            throw new IOException("cannot read the partitions of " + topic + " at " + bootstrap + ": " + e.getMessage(), e);
        }
        String markerId = java.util.UUID.randomUUID().toString();
        byte[] value = serializer.serialize(CloseMarkers.marker(markerId, version, partitions));
        java.util.List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new java.util.ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            acks.add(producer.send(new ProducerRecord<>(topic, p, markerId, value)));
        }
        java.util.List<Long> offsets = new java.util.ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            try {
                offsets.add(acks.get(p).get(2, java.util.concurrent.TimeUnit.MINUTES).offset());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while closing " + version, e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("Kafka at " + bootstrap + " did not take the close marker of " + version.name()
                        + "/" + version.version() + " on " + topic + "/" + p + ": " + e.getMessage(), e);
            }
        }
        return new CloseMarkers.Sent(markerId, version.name(), version.version(), java.util.List.copyOf(offsets));
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public String topic() {
        return topic;
    }

    /** The schema id chunk values carry. */
    public int schemaId() {
        return serializer.schemaId();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}

package dev.walrusstream.schemas.wire;

import dev.walrusstream.schemas.BlobChunk;
import dev.walrusstream.schemas.DeadLetter;
import dev.walrusstream.schemas.DeadLetterReason;
import dev.walrusstream.schemas.InMemorySchemaRegistry;
import dev.walrusstream.schemas.Sha256;
import dev.walrusstream.schemas.WalrusSchemas;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvroWireTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    static BlobChunk chunk(byte[] data, boolean last) {
        byte[] digest = new byte[32];
        Arrays.fill(digest, (byte) 7);
        return BlobChunk.newBuilder()
                .setUploadId("0190c5a4-0000-7000-8000-000000000001")
                .setSequence(3)
                .setOffset(3L * data.length)
                .setLast(last)
                .setData(ByteBuffer.wrap(data))
                .setContentType("application/x-tar")
                .setSourceName("shards/train-000.tar")
                .setDataset("imagenet")
                .setDatasetVersion("v1")
                .setAttributes(Map.of("format", "webdataset", "samples", "128"))
                .setSha256(last ? new Sha256(digest) : null)
                .setTotalSize(last ? 4L * data.length : null)
                .build();
    }

    @Test
    void blobChunkRoundTripsThroughTheWireFormat() {
        AvroWireSerializer<BlobChunk> ser = AvroWireSerializer.specific(registry, "walrus.chunks-value",
                BlobChunk.class, true);
        AvroWireDeserializer<BlobChunk> de = AvroWireDeserializer.specific(registry, BlobChunk.class);
        BlobChunk original = chunk(new byte[] {1, 2, 3, 4, 5}, true);
        byte[] framed = ser.serialize(original);
        assertEquals(0, framed[0]);
        assertEquals(ser.schemaId(), WireFormat.schemaId(framed));
        BlobChunk back = de.deserialize(framed);
        assertEquals(original, back);
        byte[] data = new byte[back.getData().remaining()];
        back.getData().get(data);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, data);
        assertEquals(1, registry.subjects().size());
    }

    @Test
    void timestampsSurviveThroughLogicalTypes() {
        AvroWireSerializer<DeadLetter> ser = AvroWireSerializer.specific(registry, "walrus.dlq-value",
                DeadLetter.class, true);
        Instant t = Instant.ofEpochMilli(1_790_000_000_123L);
        DeadLetter dl = DeadLetter.newBuilder().setReason(DeadLetterReason.SEQUENCE_GAP)
                .setMessage("sequence 4 after 2").setTopic("walrus.chunks").setPartition(1).setOffset(42)
                .setValue(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1})).setTime(t).build();
        DeadLetter back = AvroWireDeserializer.specific(registry, DeadLetter.class).deserialize(ser.serialize(dl));
        assertEquals(t, back.getTime());
        assertEquals(DeadLetterReason.SEQUENCE_GAP, back.getReason());
    }

    @Test
    void writerSchemaIsFetchedOncePerId() {
        AvroWireSerializer<BlobChunk> ser = AvroWireSerializer.specific(registry, "s", BlobChunk.class, true);
        AvroWireDeserializer<BlobChunk> de = AvroWireDeserializer.specific(registry, BlobChunk.class);
        for (int i = 0; i < 5; i++) {
            de.deserialize(ser.serialize(chunk(new byte[i], false)));
        }
        // the in-memory registry counts schemaById calls; a real client caches them itself, so this
        // checks the deserializer asks for each id (the caching is the client's job, tested elsewhere)
        assertEquals(5, registry.lookups);
    }

    @Test
    void unknownSchemaIdIsReportedWithTheId() {
        AvroWireDeserializer<BlobChunk> de = AvroWireDeserializer.specific(registry, BlobChunk.class);
        UnknownSchemaIdException e = assertThrows(UnknownSchemaIdException.class,
                () -> de.deserialize(WireFormat.frame(4242, new byte[] {2, 0x41})));
        assertEquals(4242, e.schemaId());
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA_ID, e.reason());
        assertTrue(e.getMessage().contains("4242"), e.getMessage());
    }

    @Test
    void truncatedBodyIsUndecodable() {
        AvroWireSerializer<BlobChunk> ser = AvroWireSerializer.specific(registry, "s", BlobChunk.class, true);
        byte[] framed = ser.serialize(chunk(new byte[100], true));
        byte[] cut = Arrays.copyOf(framed, framed.length - 10);
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> AvroWireDeserializer.specific(registry, BlobChunk.class).deserialize(cut));
        assertEquals(DeadLetterReason.UNDECODABLE_RECORD, e.reason());
        assertTrue(e.getMessage().contains("dev.walrusstream.schemas.BlobChunk"), e.getMessage());
    }

    @Test
    void trailingBytesAreUndecodable() {
        AvroWireSerializer<BlobChunk> ser = AvroWireSerializer.specific(registry, "s", BlobChunk.class, true);
        byte[] framed = ser.serialize(chunk(new byte[10], false));
        byte[] longer = Arrays.copyOf(framed, framed.length + 3);
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> AvroWireDeserializer.specific(registry, BlobChunk.class).deserialize(longer));
        assertTrue(e.getMessage().contains("3 trailing byte(s)"), e.getMessage());
    }

    @Test
    void hugeLengthPrefixDoesNotAllocate() {
        Schema schema = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"B\",\"fields\":[{\"name\":\"b\",\"type\":\"bytes\"}]}");
        int id = registry.register("b", schema);
        // zig-zag varint of 2^30: a 1 GiB bytes field in a 9-byte value
        long zz = (1L << 30) << 1;
        byte[] body = new byte[8];
        int n = 0;
        while ((zz & ~0x7fL) != 0) {
            body[n++] = (byte) ((zz & 0x7f) | 0x80);
            zz >>>= 7;
        }
        body[n++] = (byte) zz;
        byte[] framed = WireFormat.frame(id, Arrays.copyOf(body, n));
        assertThrows(UndecodableRecordException.class,
                () -> AvroWireDeserializer.generic(registry).deserialize(framed));
    }

    @Test
    void olderWriterSchemaResolvesToTheCurrentClass() {
        // a producer that predates totalSize: BACKWARD-compatible, the reader fills the default
        String current = WalrusSchemas.blobChunk().toString();
        Schema old = new Schema.Parser().parse(current.replaceFirst(
                ",\\{\"name\":\"totalSize\".*?\"default\":null\\}", ""));
        assertNull(old.getField("totalSize"));
        AvroWireSerializer<GenericRecord> ser = AvroWireSerializer.generic(registry, "s", old, true);
        GenericRecord r = new GenericData.Record(old);
        r.put("uploadId", "u1");
        r.put("sequence", 0L);
        r.put("offset", 0L);
        r.put("last", true);
        r.put("data", ByteBuffer.wrap(new byte[] {42}));
        r.put("attributes", Map.of());
        BlobChunk back = AvroWireDeserializer.specific(registry, BlobChunk.class).deserialize(ser.serialize(r));
        assertEquals("u1", back.getUploadId());
        assertNull(back.getTotalSize());
        assertTrue(back.getLast());
    }

    @Test
    void recordNotMatchingTheSchemaIsNamed() {
        Schema schema = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"C\",\"fields\":[{\"name\":\"n\",\"type\":\"long\"}]}");
        AvroWireSerializer<GenericRecord> ser = AvroWireSerializer.generic(registry, "c", schema, true);
        GenericRecord r = new GenericData.Record(schema);
        r.put("n", "not a long");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ser.serialize(r));
        assertTrue(e.getMessage().contains("C"), e.getMessage());
    }
}

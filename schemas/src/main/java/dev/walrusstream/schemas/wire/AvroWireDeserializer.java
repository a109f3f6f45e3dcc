package dev.walrusstream.schemas.wire;

import dev.walrusstream.schemas.internal.BoundedCache;
import dev.walrusstream.schemas.registry.SchemaNotFoundException;
import dev.walrusstream.schemas.registry.SchemaRegistry;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.util.Objects;

/**
 * Decodes Confluent-wire-format values: the writer schema comes from the registry by id (cached), and is resolved
 * to the reader schema (the generated class's, for {@link #specific}), so values written with an older compatible
 * schema still decode. Thread-safe.
 *
 * <p>Failures caused by the value are {@link RecordDecodeException}s (dead-letter them with
 * {@link RecordDecodeException#reason()}); an unreachable registry is a
 * {@link dev.walrusstream.schemas.registry.RegistryUnavailableException} (fail, do not dead-letter). Before
 * decoding, the body is walked once with the writer schema without allocating, so a corrupt length prefix is
 * reported as undecodable instead of allocating gigabytes.
 */
public final class AvroWireDeserializer<T> {
    private final SchemaRegistry registry;
    private final Schema readerSchema;
    private final ReaderFactory<T> factory;
    private final BoundedCache<Integer, DatumReader<T>> readers = new BoundedCache<>(256);

    @FunctionalInterface
    private interface ReaderFactory<T> {
        DatumReader<T> create(Schema writer);
    }

    private AvroWireDeserializer(SchemaRegistry registry, Schema readerSchema, ReaderFactory<T> factory) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.readerSchema = readerSchema;
        this.factory = factory;
    }

    /** Decodes into the generated class {@code type}. */
    public static <T extends SpecificRecord> AvroWireDeserializer<T> specific(SchemaRegistry registry,
                                                                              Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        Schema reader = model.getSchema(type);
        return new AvroWireDeserializer<>(registry, reader,
                writer -> new SpecificDatumReader<>(writer, reader, model));
    }

    /** Decodes into {@link GenericRecord}s of the writer schema. */
    public static AvroWireDeserializer<GenericRecord> generic(SchemaRegistry registry) {
        return new AvroWireDeserializer<>(registry, null,
                writer -> new GenericDatumReader<>(writer, writer, GenericData.get()));
    }

    /** The reader schema, or null for generic decoding. */
    public Schema readerSchema() {
        return readerSchema;
    }

    /**
     * Decodes one value.
     *
     * @throws MalformedFramingException  not the wire format
     * @throws UnknownSchemaIdException   the registry does not know the id
     * @throws UndecodableRecordException the body does not decode
     * @throws dev.walrusstream.schemas.registry.RegistryUnavailableException the registry cannot be reached
     */
    public T deserialize(byte[] framed) {
        int id = WireFormat.schemaId(framed);
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaNotFoundException e) {
            throw new UnknownSchemaIdException(id, "schema id " + id + " (in a value of " + framed.length
                    + " bytes) is not known to the registry at " + registry.baseUrl() + ": " + e.getMessage(), e);
        }
        int bodyLength = framed.length - WireFormat.HEADER_SIZE;
        try {
            checkStructure(writer, framed, bodyLength);
            DatumReader<T> reader = readers.computeIfAbsent(id, k -> factory.create(writer));
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(framed, WireFormat.HEADER_SIZE, bodyLength,
                    null);
            return reader.read(null, decoder);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                 | ClassCastException | IllegalArgumentException e) {
            throw new UndecodableRecordException(id, "value of " + framed.length + " bytes with schema id " + id
                    + " (" + writer.getFullName() + ") does not decode" + resolutionNote(writer) + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    /** Walks the body with the writer schema, without allocating; rejects truncation and trailing bytes. */
    private static void checkStructure(Schema writer, byte[] framed, int bodyLength) throws IOException {
        BinaryDecoder probe = DecoderFactory.get().binaryDecoder(framed, WireFormat.HEADER_SIZE, bodyLength, null);
        GenericDatumReader.skip(writer, probe);
        if (!probe.isEnd()) {
            int trailing = probe.inputStream().available();
            throw new IOException(trailing + " trailing byte(s) after the record");
        }
    }

    private String resolutionNote(Schema writer) {
        return readerSchema == null || readerSchema.equals(writer) ? ""
                : " as " + readerSchema.getFullName() + " (reader schema differs from the writer schema)";
    }
}

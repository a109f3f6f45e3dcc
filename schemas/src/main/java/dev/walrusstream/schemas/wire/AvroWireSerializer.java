package dev.walrusstream.schemas.wire;

import dev.walrusstream.schemas.registry.SchemaRegistry;
import dev.walrusstream.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;

/**
 * Serializes records of one schema to the Confluent wire format, registering the schema under a subject (or
 * looking it up, when auto-registration is off) the first time {@link #schemaId()} or {@link #serialize} is
 * called. Thread-safe. Call {@link #schemaId()} at start-up to fail early when the registry is down.
 */
public final class AvroWireSerializer<T extends IndexedRecord> {
    private final SchemaRegistry registry;
    private final String subject;
    private final Schema schema;
    private final DatumWriter<T> writer;
    private final boolean autoRegister;
    private final ThreadLocal<ByteArrayOutputStream> buffers =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(1024));
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
    private volatile int schemaId = -1;

    private AvroWireSerializer(SchemaRegistry registry, String subject, Schema schema, DatumWriter<T> writer,
                               boolean autoRegister) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.writer = writer;
        this.autoRegister = autoRegister;
    }

    /** For generated classes (logical-type conversions such as timestamps come from the class). */
    public static <T extends SpecificRecord> AvroWireSerializer<T> specific(SchemaRegistry registry, String subject,
                                                                            Class<T> type, boolean autoRegister) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        return new AvroWireSerializer<>(registry, subject, schema, new SpecificDatumWriter<>(schema, model),
                autoRegister);
    }

    /** For {@link GenericRecord}s of {@code schema}. */
    public static AvroWireSerializer<GenericRecord> generic(SchemaRegistry registry, String subject, Schema schema,
                                                            boolean autoRegister) {
        return new AvroWireSerializer<>(registry, subject, schema,
                new GenericDatumWriter<>(schema, GenericData.get()), autoRegister);
    }

    public String subject() {
        return subject;
    }

    public Schema schema() {
        return schema;
    }

    /**
     * The schema id values carry: registers (or looks up) the schema on first call.
     *
     * @throws SchemaRegistryException when the registry is unreachable, refuses the schema, or (without
     *                                 auto-registration) does not have it under the subject
     */
    public int schemaId() {
        int id = schemaId;
        if (id >= 0) {
            return id;
        }
        synchronized (this) {
            if (schemaId < 0) {
                schemaId = autoRegister ? registerOrFind() : lookupExisting();
            }
            return schemaId;
        }
    }

    /**
     * Registers the schema; when several writers register the same new subject at once, some
     * registries (Apicurio) answer the losers with 409 "already exists": then the schema is there,
     * and a lookup finds its id.
     */
    private int registerOrFind() {
        try {
            return registry.register(subject, schema);
        } catch (dev.walrusstream.schemas.registry.IncompatibleSchemaException e) {
            return registry.lookup(subject, schema).map(r -> r.id()).orElseThrow(() -> e);
        }
    }

    private int lookupExisting() {
        return registry.lookup(subject, schema).orElseThrow(() -> new SchemaRegistryException(
                "schema " + schema.getFullName() + " is not registered under subject " + subject + " at "
                        + registry.baseUrl() + " and auto-registration is off; register it first",
                URI.create(registry.baseUrl()), subject, 404, 40403, null)).id();
    }

    /** {@code 0x00 ‖ schema id ‖ Avro binary of record}. */
    public byte[] serialize(T record) {
        Objects.requireNonNull(record, "record");
        int id = schemaId();
        ByteArrayOutputStream out = buffers.get();
        out.reset();
        byte[] header = new byte[WireFormat.HEADER_SIZE];
        WireFormat.writeHeader(header, id);
        out.write(header, 0, header.length);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, encoders.get());
        encoders.set(encoder);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding " + schema.getFullName() + " failed", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("record does not match schema " + schema.getFullName() + " (subject "
                    + subject + "): " + e.getMessage(), e);
        }
        byte[] bytes = out.toByteArray();
        if (out.size() > (1 << 20)) {
            buffers.remove(); // do not keep large buffers around per thread
        }
        return bytes;
    }
}

package dev.walrusstream.schemas;

import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A {@link DatasetManifest} as a blob: an Avro object container file holding one record (the schema is
 * inside, so any Avro reader opens it without the registry). The bytes are a function of the manifest
 * alone: the container's sync marker, random by default, is derived from the dataset, version and
 * creation time, so writing the same manifest twice gives the same blob ID.
 */
public final class ManifestCodec {
    private ManifestCodec() {
    }

    public static byte[] toBytes(DatasetManifest manifest) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<DatasetManifest> writer = new DataFileWriter<>(new SpecificDatumWriter<>(DatasetManifest.class))) {
            writer.create(DatasetManifest.getClassSchema(), out, syncMarker(manifest));
            writer.append(manifest);
        }
        return out.toByteArray();
    }

    /**
     * Reads a manifest blob.
     *
     * @throws IOException naming what is wrong when the bytes are no manifest
     */
    public static DatasetManifest fromBytes(byte[] bytes) throws IOException {
        if (bytes.length < 4 || bytes[0] != 'O' || bytes[1] != 'b' || bytes[2] != 'j' || bytes[3] != 1) {
            throw new IOException("not a dataset manifest: " + bytes.length + " bytes that are no Avro object container file");
        }
        try (DataFileReader<DatasetManifest> reader = new DataFileReader<>(new SeekableByteArrayInput(bytes),
                new SpecificDatumReader<>(DatasetManifest.class))) {
            if (!reader.hasNext()) {
                throw new IOException("the manifest blob holds no DatasetManifest record");
            }
            return reader.next();
        } catch (org.apache.avro.AvroRuntimeException e) {
            throw new IOException("not a dataset manifest: " + e.getMessage(), e);
        }
    }

    private static byte[] syncMarker(DatasetManifest m) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("walrus-stream manifest\n" + m.getDataset() + "\n" + m.getVersion() + "\n"
                    + m.getCreatedAt().toEpochMilli() + "\n" + m.getClosed()).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(sha.digest(), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

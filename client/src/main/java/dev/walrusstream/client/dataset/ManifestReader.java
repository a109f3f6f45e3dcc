package dev.walrusstream.client.dataset;

import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens a dataset manifest blob (an Avro object container file whose schema is the record
 * {@code dev.walrusstream.schemas.DatasetManifest}) and normalises both format versions to files with
 * segments: formatVersion 2 lists {@code files[]} itself; formatVersion 1 lists per-segment
 * {@code blobs[]}, grouped here by upload in order of first appearance. Read generically with the
 * writer's schema, so the client needs neither the generated classes nor Kafka.
 */
public final class ManifestReader {
    static final String RECORD = "dev.walrusstream.schemas.DatasetManifest";
    private static final byte[] MAGIC = {'O', 'b', 'j', 1};

    private ManifestReader() {
    }

    public static DatasetVersion parse(byte[] bytes) throws NotAManifestException {
        if (bytes.length < MAGIC.length || !java.util.Arrays.equals(bytes, 0, 4, MAGIC, 0, 4)) {
            throw new NotAManifestException("not a dataset manifest: a manifest is an Avro object container file (it starts "
                    + "with 'Obj' 0x01), these " + bytes.length + " bytes start with " + HexFormat.of().formatHex(bytes, 0,
                    Math.min(8, bytes.length)));
        }
        GenericRecord m;
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(new SeekableByteArrayInput(bytes),
                new GenericDatumReader<>())) {
            String name = reader.getSchema().getFullName();
            if (!RECORD.equals(name)) {
                throw new NotAManifestException("not a dataset manifest: the Avro file holds records of " + name
                        + ", expected " + RECORD);
            }
            if (!reader.hasNext()) {
                throw new NotAManifestException("the manifest file holds no DatasetManifest record");
            }
            m = reader.next();
        } catch (IOException | RuntimeException e) {
            throw new NotAManifestException("not a readable dataset manifest: " + e.getMessage(), e);
        }
        try {
            return normalise(m);
        } catch (RuntimeException e) {
            throw new NotAManifestException("dataset manifest " + m.get("dataset") + "/" + m.get("version")
                    + " is inconsistent: " + e.getMessage(), e);
        }
    }

    private static DatasetVersion normalise(GenericRecord m) {
        int format = has(m, "formatVersion") ? (Integer) m.get("formatVersion") : 1;
        boolean closed = has(m, "closed") && (Boolean) m.get("closed");
        Object created = m.get("createdAt");
        Instant createdAt = created instanceof Instant i ? i : Instant.ofEpochMilli(((Number) created).longValue());
        List<DatasetFile> files = new ArrayList<>();
        List<?> v2 = has(m, "files") ? (List<?>) m.get("files") : List.of();
        if (!v2.isEmpty()) {
            for (Object o : v2) {
                files.add(file((GenericRecord) o));
            }
        } else {
            files.addAll(filesOfBlobs((List<?>) m.get("blobs")));
        }
        return new DatasetVersion(str(m.get("dataset")), str(m.get("version")), format, closed, createdAt,
                (Integer) m.get("endEpoch"), files);
    }

    private static DatasetFile file(GenericRecord f) {
        List<FileSegment> segments = new ArrayList<>();
        for (Object o : (List<?>) f.get("segments")) {
            GenericRecord s = (GenericRecord) o;
            segments.add(new FileSegment((Integer) s.get("index"), (Long) s.get("offset"), (Long) s.get("size"),
                    hex(s.get("sha256")), BlobId.parse(str(s.get("blobId"))), patch(s.get("quiltPatchId")),
                    str(s.get("objectId")), (Integer) s.get("endEpoch"), keyId(s)));
        }
        return new DatasetFile(str(f.get("path")), str(f.get("uploadId")), (Long) f.get("size"), hex(f.get("sha256")),
                str(f.get("contentType")), (Long) f.get("samples"), strings(f.get("attributes")), segments);
    }

    /** formatVersion 1: one entry per segment; grouped by upload, ordered by segment number. */
    private static List<DatasetFile> filesOfBlobs(List<?> blobs) {
        Map<String, List<GenericRecord>> byUpload = new LinkedHashMap<>();
        for (Object o : blobs) {
            GenericRecord e = (GenericRecord) o;
            byUpload.computeIfAbsent(str(e.get("uploadId")), k -> new ArrayList<>()).add(e);
        }
        List<DatasetFile> files = new ArrayList<>();
        for (Map.Entry<String, List<GenericRecord>> u : byUpload.entrySet()) {
            List<GenericRecord> entries = new ArrayList<>(u.getValue());
            entries.sort(java.util.Comparator.comparingInt(e -> (Integer) e.get("segment")));
            List<FileSegment> segments = new ArrayList<>();
            long offset = 0;
            for (GenericRecord e : entries) {
                long size = (Long) e.get("size");
                segments.add(new FileSegment((Integer) e.get("segment"), offset, size, hex(e.get("sha256")),
                        BlobId.parse(str(e.get("blobId"))), patch(e.get("quiltPatchId")), str(e.get("objectId")),
                        (Integer) e.get("endEpoch")));
                offset += size;
            }
            GenericRecord first = entries.get(0);
            String name = str(first.get("sourceName"));
            Map<String, String> attributes = strings(first.get("attributes"));
            // a one-segment file's hash is its segment's; v1 kept no whole-file hash for longer ones
            String sha = segments.size() == 1 ? segments.get(0).sha256() : null;
            Long samples = (Long) first.get("samples");
            files.add(new DatasetFile(name == null ? u.getKey() : name, u.getKey(), offset, sha,
                    attributes.get("contentType"), samples, attributes, segments));
        }
        return files;
    }

    /** The key ID of a segment's {@code encryption} record (manifests written before it have no such field). */
    private static String keyId(GenericRecord segment) {
        if (!has(segment, "encryption") || !(segment.get("encryption") instanceof GenericRecord e)) {
            return null;
        }
        return str(e.get("keyId"));
    }

    private static boolean has(GenericRecord r, String field) {
        return r.getSchema().getField(field) != null;
    }

    private static QuiltPatchId patch(Object text) {
        return text == null ? null : QuiltPatchId.parse(text.toString());
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String hex(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof GenericData.Fixed f) {
            return HexFormat.of().formatHex(f.bytes());
        }
        if (o instanceof java.nio.ByteBuffer b) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            return HexFormat.of().formatHex(a);
        }
        return o.toString();
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(k.toString(), v == null ? "" : v.toString()));
        }
        return out;
    }
}

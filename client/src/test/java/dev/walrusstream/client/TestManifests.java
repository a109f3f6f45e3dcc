package dev.walrusstream.client;

import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestEntry;
import dev.walrusstream.schemas.ManifestFile;
import dev.walrusstream.schemas.ManifestSegment;
import dev.walrusstream.schemas.Sha256;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Dataset manifests written with the job's generated classes, as the job and the demo write them. */
final class TestManifests {
    /** One segment of a file to be: its blob (or quilt patch) and bytes. */
    record Seg(BlobId blobId, QuiltPatchId patch, byte[] data) {
    }

    private TestManifests() {
    }

    static Sha256 sha(byte[] data) {
        return new Sha256(HexFormat.of().parseHex(DatasetReader.sha256(data)));
    }

    static ManifestFile file(String path, String contentType, List<Seg> segs) {
        List<ManifestSegment> segments = new ArrayList<>();
        long offset = 0;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < segs.size(); i++) {
            Seg s = segs.get(i);
            segments.add(ManifestSegment.newBuilder().setIndex(i).setOffset(offset).setSize(s.data().length)
                    .setSha256(sha(s.data())).setBlobId(s.blobId().base64Url())
                    .setQuiltPatchId(s.patch() == null ? null : s.patch().text()).setEndEpoch(5).build());
            offset += s.data().length;
            all.writeBytes(s.data());
        }
        return ManifestFile.newBuilder().setPath(path).setUploadId("u-" + path).setSize(offset)
                .setSha256(sha(all.toByteArray())).setContentType(contentType).setSegments(segments)
                .setAttributes(Map.of()).build();
    }

    static byte[] v2(String dataset, String version, List<ManifestFile> files) throws IOException {
        return bytes(DatasetManifest.newBuilder().setDataset(dataset).setVersion(version).setCreatedAt(Instant.now())
                .setFormatVersion(2).setClosed(true).setEndEpoch(5).setBlobs(List.of()).setFiles(files).build());
    }

    /** formatVersion 1: one entry per segment. */
    static byte[] v1(String dataset, String version, String path, List<Seg> segs) throws IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < segs.size(); i++) {
            Seg s = segs.get(i);
            entries.add(ManifestEntry.newBuilder().setUploadId("u-" + path).setSourceName(path).setSegment(i)
                    .setSegments(segs.size()).setOffset(offset).setBlobId(s.blobId().base64Url())
                    .setSize(s.data().length).setSha256(sha(s.data())).setAttributes(Map.of()).build());
            offset += s.data().length;
        }
        return bytes(DatasetManifest.newBuilder().setDataset(dataset).setVersion(version).setCreatedAt(Instant.now())
                .setBlobs(entries).build());
    }

    static byte[] bytes(DatasetManifest m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<DatasetManifest> w = new DataFileWriter<>(new SpecificDatumWriter<>(DatasetManifest.class))) {
            w.create(DatasetManifest.getClassSchema(), out);
            w.append(m);
        }
        return out.toByteArray();
    }
}

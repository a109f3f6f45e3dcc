package dev.walrusstream.aggregator;

import dev.walrusstream.testsupport.Networks;

import dev.walrusstream.chain.http.LocalChainHttpClient;
import dev.walrusstream.client.ClientOptions;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestFile;
import dev.walrusstream.schemas.ManifestSegment;
import dev.walrusstream.schemas.Sha256;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real local network (LocalChain service, Jetty/RocksDB nodes), a storage client, an aggregator on
 * an ephemeral port, and helpers that store files as segmented dataset versions with v2 manifests.
 */
final class Stack implements AutoCloseable {
    static final ClientOptions OPTIONS = ClientOptions.DEFAULTS.withRetries(1, Duration.ofMillis(100));
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final LocalNetwork network;
    final StorageClient client;
    final Aggregator aggregator;

    Stack(Path dir, int nodes, int shards, AggregatorConfig config) throws Exception {
        network = Networks.start(dir, nodes, shards);
        client = new StorageClient(new LocalChainHttpClient(network.chainUrl(), network.account()), OPTIONS);
        aggregator = Aggregator.start(client, config.withAddress("127.0.0.1", 0));
    }

    String url(String path) {
        return aggregator.url() + path;
    }

    BlobId store(byte[] data) throws Exception {
        StoreResult r = client.store(data, StoreOptions.permanent(3));
        assertTrue(r.isStored(), r.toString());
        return r.blobId();
    }

    /** Stores {@code data} as segments of {@code segmentSize} bytes, one blob each; returns its manifest entry. */
    ManifestFile storeFile(String path, byte[] data, int segmentSize, String contentType) throws Exception {
        List<ManifestSegment> segments = new ArrayList<>();
        for (int i = 0, at = 0; at < data.length || i == 0; i++, at += segmentSize) {
            byte[] seg = Arrays.copyOfRange(data, at, Math.min(data.length, at + segmentSize));
            segments.add(ManifestSegment.newBuilder().setIndex(i).setOffset(at).setSize(seg.length).setSha256(sha(seg))
                    .setBlobId(store(seg).base64Url()).setEndEpoch(4).build());
        }
        return ManifestFile.newBuilder().setPath(path).setUploadId("upload-" + path).setSize(data.length)
                .setSha256(sha(data)).setContentType(contentType).setSegments(segments).setAttributes(Map.of()).build();
    }

    /** Stores the v2 manifest of the files as a blob and tells the aggregator about it. */
    BlobId publish(String dataset, String version, List<ManifestFile> files) throws Exception {
        DatasetManifest m = DatasetManifest.newBuilder().setDataset(dataset).setVersion(version).setCreatedAt(Instant.now())
                .setFormatVersion(2).setClosed(true).setEndEpoch(4).setBlobs(List.of()).setFiles(files).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<DatasetManifest> w = new DataFileWriter<>(new SpecificDatumWriter<>(DatasetManifest.class))) {
            w.create(DatasetManifest.getClassSchema(), out);
            w.append(m);
        }
        BlobId id = store(out.toByteArray());
        aggregator.addManifest(id);
        return id;
    }

    static Sha256 sha(byte[] data) {
        return new Sha256(HexFormat.of().parseHex(DatasetReader.sha256(data)));
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(120))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        aggregator.close();
        client.close();
        network.close();
    }
}

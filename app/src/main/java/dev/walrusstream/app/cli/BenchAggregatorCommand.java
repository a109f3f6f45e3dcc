package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.aggregator.Aggregator;
import dev.walrusstream.aggregator.AggregatorConfig;
import dev.walrusstream.app.stack.DatasetManifests;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.text.ByteSize;
import dev.walrusstream.devnet.network.LocalNetwork;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestFile;
import dev.walrusstream.schemas.ManifestSegment;
import dev.walrusstream.schemas.Sha256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code walrus-stream bench aggregator}: a file of many segments on a temporary local network, read
 * whole and by random ranges through the aggregator over HTTP, against the same reads straight from
 * the storage client in the same run (the baseline). Prints one JSON line.
 */
@Command(name = "aggregator", mixinStandardHelpOptions = true,
        description = "Measure the aggregator: MB/s of a whole dataset file over HTTP and p50/p99 latency of random "
                + "ranges, beside the same reads straight from the storage client (raw 'read' of the blobs, and range "
                + "reads) in the same run. Prints one JSON line.")
public final class BenchAggregatorCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "4", paramLabel = "K", description = "Nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--shards", defaultValue = "100", paramLabel = "N",
            description = "Shards (default ${DEFAULT-VALUE}; at 10 a blob holds at most 1.8 MB, so keep --segment small).")
    int shards;

    @Option(names = "--size", defaultValue = "256MiB", paramLabel = "SIZE", description = "File size (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--segment", defaultValue = "32MiB", paramLabel = "SIZE",
            description = "Segment (blob) size the file is cut into (default ${DEFAULT-VALUE}).")
    String segment;

    @Option(names = "--ranges", defaultValue = "100", paramLabel = "R", description = "Random ranges read (default ${DEFAULT-VALUE}).")
    int ranges;

    @Option(names = "--range-size", defaultValue = "1MiB", paramLabel = "SIZE", description = "Size of each range (default ${DEFAULT-VALUE}).")
    String rangeSize;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        long fileSize = ByteSize.parse(size);
        long segSize = ByteSize.parse(segment);
        int range = Math.toIntExact(ByteSize.parse(rangeSize));
        if (fileSize < 1 || segSize < 1 || segSize > Integer.MAX_VALUE - 16 || ranges < 1 || range < 1 || range > fileSize) {
            throw new IllegalArgumentException("--size, --segment, --ranges and --range-size must be positive, the segment "
                    + "below 2 GiB and the range within the file; got " + size + ", " + segment + ", " + ranges + ", " + rangeSize);
        }
        Path temp = Files.createTempDirectory("walrus-stream-bench-aggregator");
        try (LocalNetwork network = LocalNetwork.init(temp, nodes, shards, "127.0.0.1").start();
             Chain chain = ClientConfig.read(network.clientConfig()).openChain();
             StorageClient client = new StorageClient(chain, ClientConfig.read(network.clientConfig()).options())) {
            Random random = new Random(42);
            List<BlobId> blobs = new ArrayList<>();
            List<ManifestSegment> segments = new ArrayList<>();
            MessageDigest whole = MessageDigest.getInstance("SHA-256");
            for (long at = 0; at < fileSize; at += segSize) {
                byte[] seg = new byte[(int) Math.min(segSize, fileSize - at)];
                random.nextBytes(seg);
                whole.update(seg);
                StoreResult r = client.store(seg, StoreOptions.permanent(2));
                if (!r.isStored()) {
                    throw new IllegalStateException("segment at " + at + " was not stored: " + r);
                }
                blobs.add(r.blobId());
                segments.add(ManifestSegment.newBuilder().setIndex(segments.size()).setOffset(at).setSize(seg.length)
                        .setSha256(new Sha256(HexFormat.of().parseHex(DatasetReader.sha256(seg))))
                        .setBlobId(r.blobId().base64Url()).build());
            }
            ManifestFile file = ManifestFile.newBuilder().setPath("bench.bin").setUploadId("bench").setSize(fileSize)
                    .setSha256(new Sha256(whole.digest())).setSegments(segments).setAttributes(Map.of()).build();
            StoreResult m = client.store(DatasetManifests.toBytes(DatasetManifest.newBuilder().setDataset("bench")
                    .setVersion("v1").setCreatedAt(Instant.now()).setFormatVersion(2).setClosed(true).setBlobs(List.of())
                    .setFiles(List.of(file)).build()), StoreOptions.permanent(2));
            AggregatorConfig config = AggregatorConfig.DEFAULTS.withAddress("127.0.0.1", 0);
            try (Aggregator aggregator = Aggregator.start(client, config)) {
                aggregator.addManifest(m.blobId());
                URI fileUrl = URI.create(aggregator.url() + "/v1/datasets/bench/v1/files/bench.bin");
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

                // warm-up: one range each way (JIT, connections)
                httpRange(http, fileUrl, 0, range);
                client.readRange(blobs.get(0), 0, range);

                long t0 = System.nanoTime();
                for (BlobId id : blobs) {
                    client.read(id);
                }
                long rawWhole = System.nanoTime() - t0;
                t0 = System.nanoTime();
                long got = httpWhole(http, fileUrl);
                long aggWhole = System.nanoTime() - t0;
                if (got != fileSize) {
                    throw new IllegalStateException("the aggregator sent " + got + " of " + fileSize + " bytes");
                }

                long[] offsets = new long[ranges];
                for (int i = 0; i < ranges; i++) {
                    offsets[i] = (long) (random.nextDouble() * (fileSize - range));
                }
                long[] aggLatency = new long[ranges];
                long[] rawLatency = new long[ranges];
                for (int i = 0; i < ranges; i++) {
                    long s = System.nanoTime();
                    httpRange(http, fileUrl, offsets[i], range);
                    aggLatency[i] = System.nanoTime() - s;
                    s = System.nanoTime();
                    rawRange(client, blobs, segSize, offsets[i], range);
                    rawLatency[i] = System.nanoTime() - s;
                }
                double mb = fileSize / 1e6;
                ObjectNode o = WalrusJson.JSON.createObjectNode();
                o.put("bench", "aggregator");
                o.put("nodes", nodes);
                o.put("shards", shards);
                o.put("fileSize", fileSize);
                o.put("segmentSize", segSize);
                o.put("segments", blobs.size());
                o.put("wholeFileMBps", round(mb / (aggWhole / 1e9)));
                o.put("baselineRawReadMBps", round(mb / (rawWhole / 1e9)));
                o.put("rangeSize", range);
                o.put("ranges", ranges);
                o.put("rangeP50Ms", ms(percentile(aggLatency, 50)));
                o.put("rangeP99Ms", ms(percentile(aggLatency, 99)));
                o.put("baselineClientRangeP50Ms", ms(percentile(rawLatency, 50)));
                o.put("baselineClientRangeP99Ms", ms(percentile(rawLatency, 99)));
                o.put("cpus", Runtime.getRuntime().availableProcessors());
                out.println(WalrusJson.JSON.writeValueAsString(o));
            }
        } finally {
            TempDirs.delete(temp);
        }
        return 0;
    }

    private static long httpWhole(HttpClient http, URI url) throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode());
        }
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = r.body()) {
            int k;
            while ((k = in.read(buf)) > 0) {
                n += k;
            }
        }
        return n;
    }

    private static void httpRange(HttpClient http, URI url, long offset, int length) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=" + offset + "-"
                + (offset + length - 1)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 206 || r.body().length != length) {
            throw new IllegalStateException("range " + offset + "+" + length + " answered " + r.statusCode() + " with "
                    + r.body().length + " bytes");
        }
    }

    /** The same range straight from the client: the segments it overlaps, each by a range read. */
    private static void rawRange(StorageClient client, List<BlobId> blobs, long segSize, long offset, int length)
            throws Exception {
        long end = offset + length;
        for (long at = offset; at < end; ) {
            int seg = (int) (at / segSize);
            long inSeg = at - seg * segSize;
            long n = Math.min(end - at, segSize - inSeg);
            client.readRange(blobs.get(seg), inSeg, n);
            at += n;
        }
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

package dev.walrusstream.app.realclients;

import dev.walrusstream.app.Main;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.app.stack.DatasetManifests;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.node.LocalNetwork;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestFile;
import dev.walrusstream.schemas.ManifestSegment;
import dev.walrusstream.schemas.Sha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients nobody here wrote, against {@code walrus-stream aggregator} running as its own process over
 * a real local network: curl; Python's standard urllib + tarfile iterating a WebDataset shard from its
 * dataset URL; ffprobe and ffmpeg reading an MP4 (made with ffmpeg's lavfi test source) and seeking
 * into its middle; headless Chromium loading the console, finding the dataset and playing the video,
 * whose currentTime advances after a seek. Each file spans several segments (blobs).
 */
class RealClientsIT {
    static final int SAMPLES = 12;

    @TempDir
    static Path dir;
    static LocalNetwork network;
    static Process aggregator;
    static String url;
    static byte[] mp4;
    static byte[] tar;
    static StringBuilder aggregatorLog = new StringBuilder();

    @BeforeAll
    static void start() throws Exception {
        String ffmpeg = Tools.require("ffmpeg", "ffmpeg");
        Tools.Result made = Tools.run(dir, 120, ffmpeg, "-v", "error", "-f", "lavfi", "-i",
                "testsrc=duration=10:size=320x240:rate=25", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "25",
                "-movflags", "+faststart", "clip.mp4");
        assertEquals(0, made.exit(), made.err());
        mp4 = Files.readAllBytes(dir.resolve("clip.mp4"));
        tar = webDatasetShard();

        assertEquals(0, Main.run("net", "init", "--dir", dir.resolve("net").toString(), "--nodes", "4", "--shards", "10"));
        network = LocalNetwork.open(dir.resolve("net")).start();
        ClientConfig cfg = ClientConfig.read(network.clientConfig());
        String manifestId;
        try (Chain chain = cfg.openChain(); StorageClient client = new StorageClient(chain, cfg.options())) {
            ManifestFile video = storeFile(client, "clips/test.mp4", mp4, 16 * 1024, "video/mp4");
            ManifestFile shard = storeFile(client, "shards/train-000000.tar", tar, 8 * 1024, null);
            assertTrue(video.getSegments().size() >= 3, "the clip spans " + video.getSegments().size() + " segments");
            assertTrue(shard.getSegments().size() >= 3, "the shard spans " + shard.getSegments().size() + " segments");
            DatasetManifest m = DatasetManifest.newBuilder().setDataset("media").setVersion("v1").setCreatedAt(Instant.now())
                    .setFormatVersion(2).setClosed(true).setEndEpoch(4).setBlobs(List.of()).setFiles(List.of(video, shard))
                    .build();
            manifestId = store(client, DatasetManifests.toBytes(m));
        }
        aggregator = launch("--config", dir.resolve("net").toString(), "--port", "0", "--manifest", manifestId);
    }

    /** Starts {@code walrus-stream aggregator} in a child JVM and waits for the URL it prints. */
    static Process launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "aggregator"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while (url == null && System.nanoTime() < deadline && (line = out.readLine()) != null) {
            aggregatorLog.append(line).append('\n');
            int at = line.indexOf("aggregator http://");
            if (at >= 0) {
                url = line.substring(at + "aggregator ".length()).trim();
            }
        }
        if (url == null) {
            p.destroyForcibly();
            throw new AssertionError("walrus-stream aggregator printed no URL:\n" + aggregatorLog);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe flowing
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    @AfterAll
    static void stop() throws Exception {
        if (aggregator != null) {
            aggregator.destroy();
            if (!aggregator.waitFor(20, TimeUnit.SECONDS)) {
                aggregator.destroyForcibly();
            }
        }
        if (network != null) {
            network.close();
        }
    }

    static String fileUrl(String path) {
        return url + "/v1/datasets/media/v1/files/" + path;
    }

    @Test
    void curlDownloadsRangesAndHeads() throws Exception {
        String curl = Tools.require("curl", "curl");
        Tools.Result whole = Tools.run(dir, 60, curl, "-sS", "-f", "-o", "curl.mp4", fileUrl("clips/test.mp4"));
        assertEquals(0, whole.exit(), whole.err());
        assertArrayEquals(mp4, Files.readAllBytes(dir.resolve("curl.mp4")));

        int from = mp4.length / 4;
        int to = mp4.length * 3 / 4;
        Tools.Result range = Tools.run(dir, 60, curl, "-sS", "-r", from + "-" + to, "-D", "headers.txt", "-o", "part.bin",
                fileUrl("clips/test.mp4"));
        assertEquals(0, range.exit(), range.err());
        String headers = Files.readString(dir.resolve("headers.txt"));
        assertTrue(headers.startsWith("HTTP/1.1 206"), headers);
        assertTrue(headers.toLowerCase().contains("content-range: bytes " + from + "-" + to + "/" + mp4.length), headers);
        assertArrayEquals(Arrays.copyOfRange(mp4, from, to + 1), Files.readAllBytes(dir.resolve("part.bin")));

        Tools.Result head = Tools.run(dir, 60, curl, "-sS", "-I", fileUrl("shards/train-000000.tar"));
        assertTrue(head.out().toLowerCase().contains("content-length: " + tar.length), head.out());
        assertTrue(head.out().toLowerCase().contains("content-type: application/x-tar"), head.out());

        Tools.Result past = Tools.run(dir, 60, curl, "-s", "-o", "/dev/null", "-w", "%{http_code}", "-r",
                mp4.length + "-", fileUrl("clips/test.mp4"));
        assertEquals("416", past.out());
        Tools.Result escape = Tools.run(dir, 60, curl, "-s", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}",
                url + "/v1/datasets/media/v1/files/../../../etc/passwd");
        assertEquals("400", escape.out());
        Tools.Result bad = Tools.run(dir, 60, curl, "-s", "-w", " %{http_code}", url + "/v1/blobs/xyz");
        assertTrue(bad.out().endsWith(" 400") && bad.out().contains("xyz"), bad.out());
    }

    @Test
    void pythonIteratesTheWebDatasetShardFromItsUrl() throws Exception {
        String python = Tools.require("python3", "python3");
        Path script = dir.resolve("iterate.py");
        Files.writeString(script, String.join("\n",
                "import sys, tarfile, urllib.request",
                "with urllib.request.urlopen(sys.argv[1]) as response:",
                "    with tarfile.open(fileobj=response, mode='r|') as shard:",
                "        for member in shard:",
                "            data = shard.extractfile(member).read()",
                "            if member.name.endswith('.cls'):",
                "                print(member.name, data.decode().strip())",
                ""));
        Tools.Result r = Tools.run(dir, 60, python, script.toString(), fileUrl("shards/train-000000.tar"));
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(SAMPLES, lines.size(), r.out());
        for (int i = 0; i < SAMPLES; i++) {
            assertEquals(String.format("sample-%06d.cls %d", i, i % 3), lines.get(i));
        }
    }

    @Test
    void ffprobeAndFfmpegSeekIntoTheMiddle() throws Exception {
        String ffprobe = Tools.require("ffprobe", "ffmpeg");
        String ffmpeg = Tools.require("ffmpeg", "ffmpeg");
        Tools.Result probe = Tools.run(dir, 60, ffprobe, "-v", "error", "-show_entries", "format=duration:stream=codec_name,width",
                "-of", "default=noprint_wrappers=1", fileUrl("clips/test.mp4"));
        assertEquals(0, probe.exit(), probe.err());
        assertTrue(probe.out().contains("codec_name=h264") && probe.out().contains("width=320"), probe.out());
        double duration = Double.parseDouble(probe.out().lines().filter(l -> l.startsWith("duration=")).findFirst()
                .orElseThrow().substring("duration=".length()));
        assertEquals(10.0, duration, 0.2);

        Tools.Result remote = Tools.run(dir, 60, ffmpeg, "-v", "error", "-y", "-ss", "5", "-i", fileUrl("clips/test.mp4"),
                "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "remote-frame.raw");
        assertEquals(0, remote.exit(), remote.err());
        Tools.Result local = Tools.run(dir, 60, ffmpeg, "-v", "error", "-y", "-ss", "5", "-i", "clip.mp4",
                "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "local-frame.raw");
        assertEquals(0, local.exit(), local.err());
        byte[] frame = Files.readAllBytes(dir.resolve("remote-frame.raw"));
        assertEquals(320 * 240, frame.length);
        assertArrayEquals(Files.readAllBytes(dir.resolve("local-frame.raw")), frame,
                "the frame at 5 s read over HTTP is the frame at 5 s of the original");
    }

    @Test
    void chromiumFindsTheDatasetAndPlaysTheVideoAfterASeek() throws Exception {
        String chromium = Tools.require("chromium", "chromium");
        try (Chromium browser = new Chromium(chromium, Files.createDirectories(dir.resolve("profile")),
                url + "/?autotest=video")) {
            String datasets = browser.await("Array.from(document.querySelectorAll('h2.dataset')).map(h => "
                    + "h.dataset.dataset + '/' + h.dataset.version).join(',')", Duration.ofSeconds(60), "media");
            assertEquals("media/v1", datasets);
            String files = browser.evaluate("Array.from(document.querySelectorAll('tr.file a')).map(a => a.textContent).join(',')");
            assertEquals("clips/test.mp4,shards/train-000000.tar", files);
            String result = browser.await("document.getElementById('autotest').textContent", Duration.ofSeconds(90),
                    "PASS", "FAIL");
            assertTrue(result.startsWith("PASS"), result);
        }
    }

    static ManifestFile storeFile(StorageClient client, String path, byte[] data, int segmentSize, String type)
            throws Exception {
        List<ManifestSegment> segments = new ArrayList<>();
        for (int i = 0, at = 0; at < data.length; i++, at += segmentSize) {
            byte[] seg = Arrays.copyOfRange(data, at, Math.min(data.length, at + segmentSize));
            segments.add(ManifestSegment.newBuilder().setIndex(i).setOffset(at).setSize(seg.length).setSha256(sha(seg))
                    .setBlobId(store(client, seg)).setEndEpoch(4).build());
        }
        return ManifestFile.newBuilder().setPath(path).setUploadId("upload-" + path).setSize(data.length)
                .setSha256(sha(data)).setContentType(type).setSegments(segments).setAttributes(Map.of()).build();
    }

    static String store(StorageClient client, byte[] data) throws Exception {
        StoreResult r = client.store(data, StoreOptions.permanent(3));
        assertTrue(r.isStored(), r.toString());
        return r.blobId().base64Url();
    }

    static Sha256 sha(byte[] data) {
        return new Sha256(HexFormat.of().parseHex(DatasetReader.sha256(data)));
    }

    /** A WebDataset shard: ustar members sample-NNNNNN.txt (some text, 3 KiB) and sample-NNNNNN.cls (the label). */
    static byte[] webDatasetShard() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < SAMPLES; i++) {
            String key = String.format("sample-%06d", i);
            tarMember(out, key + ".txt", ("caption " + i + " ").repeat(300).getBytes(StandardCharsets.UTF_8));
            tarMember(out, key + ".cls", (i % 3 + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    static void tarMember(ByteArrayOutputStream out, String name, byte[] data) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, String.format("%011o", 1_700_000_000L));
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        out.writeBytes(h);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}

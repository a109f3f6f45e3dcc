package dev.walrusstream.job.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.sink.BlobPart;
import dev.walrusstream.sink.BlobTask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The quilts the job builds from uploads equal the official QuiltV1 vectors byte for byte
 * (made by vectors-gen/quilt/gen-quilt.mjs, committed in test resources): source names become identifiers in UTF-8
 * order, attributes and the content type become tags in BCS order.
 */
class QuiltBatcherGoldenTest {

    @ParameterizedTest
    @CsvSource({"10,basic", "1000,basic", "10,unicode", "1000,unicode"})
    void uploadsBecomeTheVectorQuilt(int n, String set) throws Exception {
        JsonNode vector = vector(n, set);
        BlobTask task = new QuiltBatcher(RedStuffParams.of(n), RedStuffParams.of(n).maxBlobSize() / 2,
                RedStuffParams.of(n).secondarySymbols() - 1).build(uploads(set));
        assertEquals(vector.get("quilt_sha256").asText(),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(task.data)));
        assertEquals(vector.get("blob_id").asText(),
                RedStuff.create().encode(RedStuffParams.of(n), task.data, 0, task.data.length).blobId().base64Url());
        for (JsonNode p : vector.get("patches")) {
            BlobPart part = task.parts.stream().filter(x -> x.identifier().equals(p.get("identifier").asText())).findFirst().orElseThrow();
            assertEquals(p.get("start_index").asInt(), part.startColumn());
            assertEquals(p.get("end_index").asInt(), part.endColumn());
        }
    }

    /** The generator's "basic" and "unicode" sets as uploads (source name, content type, attributes). */
    private static List<SmallUpload> uploads(String set) {
        List<SmallUpload> out = new ArrayList<>();
        if (set.equals("basic")) {
            out.add(upload("sample-000001.json", "application/json", utf8("{\"id\":1,\"text\":\"a walrus on the beach\",\"label\":\"walrus\"}"), "split", "train"));
            out.add(upload("thumbs/000001.jpg", "image/jpeg", det("thumbs/000001.jpg", 1500)));
            out.add(upload("README.txt", null, utf8("hello quilt\n"), "aa", "1", "b", "2"));
            out.add(upload("empty.bin", null, new byte[0]));
            out.add(upload("data/shard-0.bin", null, det("data/shard-0.bin", 5000)));
        } else {
            out.add(upload("z.txt", null, utf8("z")));
            out.add(upload("\uFF21.txt", null, utf8("fullwidth A")));
            out.add(upload("\uD83D\uDE00.txt", null, utf8("emoji")));
        }
        return out;
    }

    private static SmallUpload upload(String name, String contentType, byte[] data, String... attributes) {
        BlobPart p = BlobPart.builder()
                .uploadId("upload-" + name)
                .sourceName(name)
                .contentType(contentType)
                .attributes(map(attributes))
                .size(data.length)
                .build();
        return new SmallUpload(p, data);
    }

    private static java.util.Map<String, String> map(String... keysAndValues) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] det(String seed, int size) throws RuntimeException {
        try {
            byte[] out = new byte[size];
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (long i = 0, off = 0; off < size; i++, off += 32) {
                sha.update(seed.getBytes(StandardCharsets.UTF_8));
                for (int b = 7; b >= 0; b--) {
                    sha.update((byte) (i >>> (8 * b)));
                }
                System.arraycopy(sha.digest(), 0, out, (int) off, (int) Math.min(32, size - off));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode vector(int n, String set) throws Exception {
        try (InputStream in = QuiltBatcherGoldenTest.class.getClassLoader().getResourceAsStream("vectors/quilt-n" + n + ".json.gz")) {
            for (JsonNode v : new ObjectMapper().readTree(new GZIPInputStream(in)).get("vectors")) {
                if (v.get("set").asText().equals(set)) {
                    return v;
                }
            }
        }
        throw new IllegalStateException("no vector " + set + " at n=" + n);
    }
}

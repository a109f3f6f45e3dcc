package dev.walrusstream.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Test vectors produced by the official Walrus encoder ({@code @mysten/walrus-wasm} 0.3.0) through
 * {@code vectors-gen/rs2/gen.mjs}; see {@code vectors-gen/README.md} for the commands.
 */
final class GoldenVectors {
    static final String SMALL = "vectors/rs2-small-slivers.json.gz";
    static final String DIGESTS = "vectors/rs2-digests.json.gz";
    private static final String SEED = "walrus-test-vectors";
    private static final String REGRESSION_TEXT = "walrus blob id v1 regression test";

    private GoldenVectors() {
    }

    static List<JsonNode> load(String resource) {
        try (InputStream in = GoldenVectors.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            JsonNode root = new ObjectMapper().readTree(new GZIPInputStream(in));
            List<JsonNode> out = new ArrayList<>();
            root.get("vectors").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generator's input: the first {@code size} bytes of SHA256(seed || be64(0)) || SHA256(seed || be64(1)) || ... */
    static byte[] data(int size) {
        byte[] out = new byte[size];
        byte[] seed = SEED.getBytes(StandardCharsets.UTF_8);
        MessageDigest sha = sha256();
        for (long i = 0, off = 0; off < size; i++, off += 32) {
            sha.update(seed);
            for (int b = 7; b >= 0; b--) {
                sha.update((byte) (i >>> (8 * b)));
            }
            byte[] block = sha.digest();
            System.arraycopy(block, 0, out, (int) off, (int) Math.min(32, size - off));
        }
        return out;
    }

    /** The vector's input, recognised by its SHA-256: the seeded stream or the Rust regression text. */
    static byte[] input(JsonNode v) {
        int size = v.get("blob_size").asInt();
        String expected = v.get("data_sha256").asText();
        byte[] data = data(size);
        if (sha256Hex(data).equals(expected)) {
            return data;
        }
        byte[] text = REGRESSION_TEXT.getBytes(StandardCharsets.UTF_8);
        if (sha256Hex(text).equals(expected)) {
            return text;
        }
        throw new IllegalStateException("cannot reproduce the input of vector n=" + v.get("n_shards") + " size=" + size);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    static String name(JsonNode v) {
        return "n=" + v.get("n_shards").asInt() + " size=" + v.get("blob_size").asInt();
    }
}

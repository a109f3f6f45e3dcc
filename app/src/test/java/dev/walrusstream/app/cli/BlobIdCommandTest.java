package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlobIdCommandTest {
    /** walrus-core's test_v1_blob_id_stability. */
    private static final String KAT = "RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2kY";

    @Test
    void printsTheBlobIdOnTheLastLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kat.txt");
        Files.writeString(file, "walrus blob id v1 regression test", StandardCharsets.UTF_8);
        CliRunner.Result r = CliRunner.run("blob-id", "--shards", "10", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(KAT, r.lastLine());
    }

    @Test
    void jsonCarriesTheEncodingFacts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kat.txt");
        Files.writeString(file, "walrus blob id v1 regression test", StandardCharsets.UTF_8);
        CliRunner.Result r = CliRunner.run("blob-id", "--shards", "10", "--json", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        String json = r.out().substring(0, r.out().lastIndexOf('}') + 1);
        JsonNode node = new ObjectMapper().readTree(json);
        assertEquals(KAT, node.get("blobId").asText());
        assertEquals(33, node.get("unencodedLength").asLong());
        assertEquals(2, node.get("symbolSize").asInt());
        assertEquals(10, node.get("nShards").asInt());
        assertEquals(6940, node.get("encodedLength").asLong());
        assertEquals(64, node.get("rootHash").asText().length());
        assertEquals(KAT, r.lastLine());
    }

    @Test
    void badInputIsNamed(@TempDir Path dir) {
        CliRunner.Result missing = CliRunner.run("blob-id", "--shards", "10", dir.resolve("nope").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());
        CliRunner.Result shards = CliRunner.run("blob-id", "--shards", "2", dir.toString());
        assertEquals(1, shards.exitCode());
        assertTrue(shards.err().contains("between 4 and 2048, got 2"), shards.err());
    }
}

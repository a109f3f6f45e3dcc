package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quick benchmark commands measure what they say and print one JSON line each. */
class BenchCommandsIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void benchEncodeDecodesBackAndNamesItsHeapBound() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "encode", "--shards", "10", "--size", "100KiB", "--iterations", "2",
                "--decode", "--gc");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        byte[] data = new byte[100 * 1024];
        new Random(42).nextBytes(data); // the command's input
        assertEquals(RedStuff.create().encode(10, data).blobId().base64Url(), j.get("blobId").asText());
        assertTrue(j.get("encodeMBps").asDouble() > 0 && j.get("decodeMBps").asDouble() > 0, j.toString());
        assertTrue(j.get("gcBetweenRuns").asBoolean());
        assertEquals(Math.round(RedStuffParams.of(10).encodeHeapBound(100 * 1024) / 1048576.0 * 100) / 100.0,
                j.get("heapBoundMiB").asDouble(), 0.01);
    }

    @Test
    void benchEncodeIntoAReusedArenaGivesTheSameBlobAndDecodesItsSlivers() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "encode", "--shards", "10", "--size", "100KiB", "--iterations", "3",
                "--decode", "--arena");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        byte[] data = new byte[100 * 1024];
        new Random(42).nextBytes(data);
        assertEquals(RedStuff.create().encode(10, data).blobId().base64Url(), j.get("blobId").asText());
        assertTrue(j.get("arena").asBoolean(), j.toString());
        // decoding (checked against the input inside the command) read the last arena encode's slivers
        assertTrue(j.get("decodeMBps").asDouble() > 0, j.toString());
        assertTrue(j.get("gcSecondsInRuns").asDouble() >= 0 && j.get("processCpuMBps").asDouble() > 0, j.toString());
    }

    @Test
    void benchNetStoresAndReadsAfterItsWarmUp() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "net", "--nodes", "4", "--shards", "10", "--size", "64KiB",
                "--count", "2", "--warmup", "1");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        assertEquals(2, j.get("count").asInt());
        assertEquals(1, j.get("warmup").asInt());
        assertTrue(j.get("storeMBps").asDouble() > 0 && j.get("readMBps").asDouble() > 0, j.toString());
        // CPU per stored MB beside the encoder's own, and their ratio as printed
        double cpu = j.get("cpuSecondsPerMB").asDouble();
        double encoder = j.get("encoderCpuSecondsPerMB").asDouble();
        assertTrue(cpu > 0 && encoder > 0 && cpu > encoder, j.toString());
        assertEquals(cpu / encoder, j.get("cpuVsEncoder").asDouble(), 0.02 * cpu / encoder + 0.01, j.toString());
        // the protocol's floor: the encoder plus the nodes verifying every sliver once, which the store also did
        double verifier = j.get("verifierCpuSecondsPerMB").asDouble();
        assertTrue(verifier > 0, j.toString());
        // 1 + the median of the rounds' verifier / encoder: above 1, below what the whole store spent
        double floor = j.get("protocolFloorVsEncoder").asDouble();
        assertTrue(floor > 1 && j.get("cpuVsEncoder").asDouble() > floor, j.toString());
    }

    @Test
    void benchNetWithTheNetworkInItsOwnJvmCountsEachProcessApart() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "net", "--nodes", "4", "--shards", "10", "--size", "1MiB",
                "--count", "3", "--warmup", "1", "--network-process");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        assertTrue(j.get("storeMBps").asDouble() > 0 && j.get("readMBps").asDouble() > 0, j.toString());
        double client = j.get("clientCpuSecondsPerMB").asDouble();
        double network = j.get("networkCpuSecondsPerMB").asDouble();
        // the nodes verified and stored every sliver in the other JVM: its CPU was counted there, not here
        assertTrue(client > 0 && network > 0, j.toString());
        // the whole store's figure is the two processes together (each printed rounded to 0.0001)
        assertEquals(client + network, j.get("cpuSecondsPerMB").asDouble(), 0.0003, j.toString());
        double encoder = j.get("encoderCpuSecondsPerMB").asDouble();
        double verifier = j.get("verifierCpuSecondsPerMB").asDouble();
        assertEquals(client / encoder, j.get("clientCpuVsEncoder").asDouble(), 0.02 * client / encoder + 0.01, j.toString());
        assertEquals(network / verifier, j.get("networkCpuVsVerifier").asDouble(), 0.02 * network / verifier + 0.01,
                j.toString());
        assertTrue(j.get("networkJitCpuShare").asDouble() >= 0 && j.get("networkJitCpuShare").asDouble() <= 1, j.toString());
        CliRunner.Result both = CliRunner.run("bench", "net", "--config", "net-dir", "--network-process");
        assertTrue(both.exitCode() != 0 && both.err().contains("--config net-dir"), both.err());
    }

    @Test
    void benchAggregatorReadsAFileWholeAndByRangesBesideItsBaseline() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "aggregator", "--shards", "10", "--size", "3MiB", "--segment", "1MiB", "--ranges", "5",
                "--range-size", "256KiB");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        assertEquals(3, j.get("segments").asInt());
        assertTrue(j.get("wholeFileMBps").asDouble() > 0 && j.get("baselineRawReadMBps").asDouble() > 0, j.toString());
        assertTrue(j.get("rangeP99Ms").asDouble() >= j.get("rangeP50Ms").asDouble(), j.toString());
        assertTrue(j.get("baselineClientRangeP50Ms").asDouble() > 0, j.toString());
        CliRunner.Result bad = CliRunner.run("bench", "aggregator", "--ranges", "0");
        assertTrue(bad.exitCode() != 0 && bad.err().contains("--ranges") && bad.err().contains(", 0,"), bad.err());
    }

    @Test
    void refusesANegativeWarmUpNamingIt() {
        CliRunner.Result r = CliRunner.run("bench", "net", "--warmup", "-1");
        assertTrue(r.exitCode() != 0);
        assertTrue(r.err().contains("--warmup at least 0") && r.err().contains("-1"), r.err());
        CliRunner.Result p = CliRunner.run("bench", "pipeline", "--warmup-clips", "-2");
        assertTrue(p.exitCode() != 0);
        assertTrue(p.err().contains("--warmup-clips must be 0 or more, got -2"), p.err());
    }
}

package dev.walrusstream.job;

import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job's graph as Flink compiles it. Segments (up to segment.size each) must reach the sink
 * writer inside one chained task: across a network edge Flink serialises every record and spills
 * each one over 5 MiB to a temporary file. Likewise quilts from the packer.
 */
class JobGraphTest {

    @Test
    void segmentsAndQuiltsAreChainedToTheirSinkWriters() throws Exception {
        JobConfig config = config("parallelism", "2");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        EncodeJob.configure(env, config);
        EncodeJob.build(env, config, 100);
        JobGraph graph = env.getStreamGraph().getJobGraph();
        List<String> names = new ArrayList<>();
        for (JobVertex v : graph.getVertices()) {
            names.add(v.getName());
        }
        String assembler = only(names, "assemble uploads");
        assertTrue(assembler.contains("walrus sink: Writer"), "the assembler's task: " + assembler + " (all: " + names + ")");
        String packer = only(names, "pack quilts");
        assertTrue(packer.contains("walrus quilt sink: Writer"), "the packer's task: " + packer + " (all: " + names + ")");
    }

    /**
     * Every operator carries an explicit uid: a generated one depends on the operator's place in the
     * graph, so adding an operator anywhere would leave the state of the others (the receipt
     * producers' prepared transactions among them) unmapped on the next restore.
     */
    @Test
    void everyOperatorHasAnExplicitUid() throws Exception {
        JobConfig config = config("parallelism", "2", "keeper.enabled", "true");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        EncodeJob.configure(env, config);
        EncodeJob.build(env, config, 100);
        List<String> missing = new ArrayList<>();
        java.util.Set<String> uids = new java.util.HashSet<>();
        for (org.apache.flink.streaming.api.graph.StreamNode node : env.getStreamGraph().getStreamNodes()) {
            String uid = node.getTransformationUID();
            if (uid == null) {
                missing.add(node.getOperatorName());
            } else {
                assertTrue(uids.add(uid), "uid used twice: " + uid);
            }
        }
        assertEquals(List.of(), missing, "operators without a uid");
    }

    @Test
    void theWalBudgetIsSharedByTheWritersOfBothBlobSinks() throws Exception {
        JobConfig config = config("parallelism", "3", "budget.wal-per-hour", "6000");
        // 3 writers of segments and 3 of quilts: a sixth each, so the job as a whole keeps to the cap
        assertTrue(config.walPerHourFrost() > 0);
        assertEquals(config.walPerHourFrost() / 6, EncodeJob.limits(config).walPerHourFrost());
    }

    /** The required settings (a client config file that the graph never opens), plus {@code pairs}. */
    private static JobConfig config(String... pairs) throws java.io.IOException {
        Path client = Files.createTempFile("client", ".json");
        Files.writeString(client, "{}");
        client.toFile().deleteOnExit();
        Map<String, String> settings = new java.util.HashMap<>(Map.of("walrus.client-config", client.toString(),
                "kafka.bootstrap", "localhost:9092", "registry.url", "http://localhost:8081"));
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put(pairs[i], pairs[i + 1]);
        }
        return JobConfig.from(settings);
    }

    private static String only(List<String> names, String part) {
        List<String> hits = names.stream().filter(n -> n.contains(part)).toList();
        assertEquals(1, hits.size(), "tasks named '" + part + "': " + hits + " (all: " + names + ")");
        return hits.get(0);
    }
}

package dev.walrusstream.app.stack;

import dev.walrusstream.chain.Chain;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.embedded.EmbeddedServices;
import dev.walrusstream.embedded.KafkaSettings;
import dev.walrusstream.embedded.RegistrySettings;
import dev.walrusstream.job.EncodeJob;
import dev.walrusstream.job.JobConfig;
import dev.walrusstream.devnet.network.ChainBackend;
import dev.walrusstream.devnet.network.LocalNetwork;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Everything on one machine, all real: a Kafka broker (KRaft) and a schema registry process, a
 * local committee of storage nodes with LocalChain (a development ledger, not Sui), and the encode
 * job on Flink's MiniCluster. State lives under one directory; starting again on the same
 * directory brings back the same network and topics.
 */
public final class EmbeddedStack implements AutoCloseable {
    private final StackOptions options;
    private final EmbeddedServices services;
    private final LocalNetwork network;
    /** The network and, on {@code sui-local}, its Sui ledger: what closing stops. */
    private final AutoCloseable running;
    private final JobConfig jobConfig;
    private final MiniCluster flink;
    private final JobID job;
    private final Map<String, Long> startupMillis;

    private EmbeddedStack(StackOptions options, EmbeddedServices services, LocalNetwork network, AutoCloseable running,
                          JobConfig jobConfig, MiniCluster flink, JobID job, Map<String, Long> startupMillis) {
        this.options = options;
        this.services = services;
        this.network = network;
        this.running = running;
        this.jobConfig = jobConfig;
        this.flink = flink;
        this.job = job;
        this.startupMillis = startupMillis;
    }

    public static EmbeddedStack start(StackOptions options, PrintStream log) throws Exception {
        Files.createDirectories(options.dir());
        Map<String, Long> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        EmbeddedServices services = EmbeddedServices.start(
                KafkaSettings.defaults().withDataDir(options.dir().resolve("kafka")),
                RegistrySettings.defaults().withDataDir(options.dir().resolve("registry")));
        timings.put("kafka+registry", millisSince(t0));
        LocalNetwork network = null;
        AutoCloseable running = null;
        MiniCluster flink = null;
        try {
            services.createDefaultTopics(options.partitions());
            log.printf("  kafka      %s (KRaft broker in this JVM)%n  registry   %s (Apicurio, child JVM)%n",
                    services.bootstrapServers(), services.registryUrl());
            long t1 = System.nanoTime();
            Path netDir = options.dir().resolve("network");
            boolean existing = LocalNetwork.exists(netDir);
            // a network keeps the ledger it was created with
            boolean sui = existing ? ChainBackend.of(netDir) == ChainBackend.LOCAL_SUI
                    : options.ledger() == StackOptions.Ledger.SUI_LOCAL;
            network = existing ? LocalNetwork.open(netDir)
                    : LocalNetwork.init(netDir, options.nodes(), options.shards(), LocalNetwork.Addressing.local("127.0.0.1"),
                    null, sui ? ChainBackend.LOCAL_SUI : ChainBackend.LOCAL_CHAIN, options.churn() ? 1 : 0);
            network.withEpochDuration(options.epochDuration()).withChurn(options.churn());
            running = network.start();
            timings.put("network", millisSince(t1));
            log.printf("  network    %d storage nodes, %d shards, %s at %s (a local ledger, not Sui)%n",
                    network.size(), network.manifest().nShards(),
                    sui ? "LocalChain served as Sui (gRPC)" : "LocalChain", network.chainUrl());
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("kafka.bootstrap", services.bootstrapServers());
            settings.put("registry.url", services.registryUrl());
            settings.put("walrus.client-config", network.clientConfig().toString());
            settings.put("parallelism", String.valueOf(options.parallelism()));
            settings.put("checkpoint.interval", options.checkpointInterval().toMillis() + "ms");
            settings.put("checkpoint.dir", options.dir().resolve("checkpoints").toString());
            settings.put("segment.size", String.valueOf(Math.min(16L << 20,
                    dev.walrusstream.codec.RedStuffParams.of(options.shards()).maxBlobSize())));
            settings.put("quilt.target-size", String.valueOf(Math.min(8L << 20,
                    dev.walrusstream.codec.RedStuffParams.of(options.shards()).maxBlobSize() / 2)));
            settings.put("quilt.threshold", String.valueOf(Math.min(256L << 10,
                    dev.walrusstream.codec.RedStuffParams.of(options.shards()).maxBlobSize() / 4)));
            settings.putAll(options.jobOverrides());
            JobConfig config = JobConfig.from(settings);
            long t2 = System.nanoTime();
            flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(new Configuration())
                    .setNumTaskManagers(1)
                    .setNumSlotsPerTaskManager(options.parallelism())
                    .withRandomPorts()
                    .build());
            flink.start();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            EncodeJob.configure(env, config);
            EncodeJob.build(env, config);
            org.apache.flink.streaming.api.graph.StreamGraph streamGraph = env.getStreamGraph();
            streamGraph.setJobName("walrus-stream encode job");
            JobGraph graph = streamGraph.getJobGraph();
            Optional<Path> restore = Checkpoints.latest(options.dir().resolve("checkpoints"));
            restore.ifPresent(p -> graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(p.toString(), false)));
            JobID job = flink.submitJob(graph).get(1, TimeUnit.MINUTES).getJobID();
            timings.put("job", millisSince(t2));
            log.printf("  job        %s on Flink's MiniCluster, parallelism %d, checkpoints every %s%s%n",
                    job, options.parallelism(), options.checkpointInterval(),
                    restore.map(p -> ", resumed from " + p.getFileName()).orElse(""));
            return new EmbeddedStack(options, services, network, running, config, flink, job, timings);
        } catch (Exception | Error e) {
            if (flink != null) {
                flink.close();
            }
            if (running != null) {
                running.close();
            } else if (network != null) {
                network.close();
            }
            services.close();
            throw e;
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    public StackOptions options() {
        return options;
    }

    public EmbeddedServices services() {
        return services;
    }

    public LocalNetwork network() {
        return network;
    }

    public JobConfig jobConfig() {
        return jobConfig;
    }

    public JobID job() {
        return job;
    }

    public MiniCluster flink() {
        return flink;
    }

    /**
     * Kills the task manager the job runs on and starts a new one (a crash mid-stream): the job
     * restarts from its last completed checkpoint.
     */
    public void crashTaskManager() throws Exception {
        flink.terminateTaskManager(0).get(1, TimeUnit.MINUTES);
        flink.startTaskManager();
    }

    public Map<String, Long> startupMillis() {
        return startupMillis;
    }

    /** A storage client on the stack's network, with a chain of its own that closing the client closes. */
    public StorageClient newClient() throws IOException {
        ClientConfig config = ClientConfig.read(network.clientConfig());
        Chain chain = config.openChain();
        try {
            return StorageClient.owning(chain, config.options());
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            flink.cancelJob(job).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the job may already have stopped; nothing else to do
        }
        try {
            flink.close();
        } catch (Exception e) {
            // closing the mini cluster is best effort
        }
        try {
            running.close();
        } catch (Exception e) {
            // the network and its ledger close best effort, like the mini cluster
        }
        services.close();
    }

    /** How long to wait for things in the stack by default. */
    public static Duration defaultTimeout() {
        return Duration.ofMinutes(3);
    }
}

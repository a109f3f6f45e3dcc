package dev.walrusstream.app.cli;

import dev.walrusstream.deploy.FlinkRestClient;
import dev.walrusstream.deploy.FlinkRestException;
import dev.walrusstream.deploy.JobSubmission;
import dev.walrusstream.deploy.JobSubmitter;
import dev.walrusstream.deploy.SubmitOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code walrus-stream job}: the encode job on a Flink cluster, through the JobManager's REST API. */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "The encode job on a Flink 2.2 session cluster (standalone, Docker, Kubernetes), through the "
                + "JobManager's REST API.",
        subcommands = {JobCommand.Submit.class, JobCommand.Status.class, JobCommand.Cancel.class})
public final class JobCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where the job jar is unless {@code --jar} says: set by the launcher script and the Docker image. */
    static Path defaultJar() {
        String p = System.getProperty("walrus.job.jar");
        if (p == null || p.isBlank()) {
            p = System.getenv("WALRUS_STREAM_JOB_JAR");
        }
        return p == null || p.isBlank() ? Path.of("job-dist", "target", "walrus-stream-job.jar") : Path.of(p);
    }

    static final class Cluster {
        @Option(names = "--jobmanager", required = true, paramLabel = "HOST:PORT",
                description = "The JobManager's REST endpoint (rest.port, 8081 by default), or an http(s):// URL.")
        String jobManager;

        @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "Timeout of each REST call (default: ${DEFAULT-VALUE}).")
        int requestTimeout;

        FlinkRestClient client() {
            return new FlinkRestClient(jobManager, Duration.ofSeconds(requestTimeout));
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Upload the job jar to the JobManager, run it with --config FILE (the encode job's "
                    + "properties: kafka.bootstrap, registry.url, walrus.client-config, parallelism, "
                    + "checkpoint.dir, ...) and wait until every task is RUNNING. Prints the job id on stdout.",
                    "The job's main method runs on the JobManager: FILE and the client configuration it names "
                            + "must be readable there at the same paths (mount them into JobManager containers)."})
    public static final class Submit implements Callable<Integer> {
        @Mixin
        Cluster cluster = new Cluster();

        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "The job's properties file, as the JobManager sees it.")
        Path config;

        @Parameters(paramLabel = "KEY=VALUE", arity = "0..*",
                description = "Settings that override the file's (passed to the job as program arguments).")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--jar", paramLabel = "JAR",
                description = "The job jar (default: job-dist/target/walrus-stream-job.jar of this installation, or "
                        + "$WALRUS_STREAM_JOB_JAR).")
        Path jar;

        @Option(names = "--entry-class", paramLabel = "CLASS",
                description = "Entry class (default: the jar's Main-Class, dev.walrusstream.job.EncodeJob).")
        String entryClass;

        @Option(names = "--parallelism", paramLabel = "N",
                description = "Default parallelism of the job (the job's own parallelism setting wins where it sets one).")
        Integer parallelism;

        @Option(names = "--from-savepoint", paramLabel = "PATH",
                description = "Start from this savepoint or retained checkpoint (a chk-N directory).")
        String savepoint;

        @Option(names = "--allow-non-restored-state",
                description = "With --from-savepoint: skip state that no operator of the job claims.")
        boolean allowNonRestored;

        @Option(names = "--skip-if-running", paramLabel = "NAME",
                description = "Submit nothing when a job called NAME is already running or starting (print its id); "
                        + "for deployments that run the submit step on every start.")
        String skipIfRunning;

        @Option(names = "--flink-conf", paramLabel = "KEY=VALUE",
                description = "Flink configuration for this job only (repeatable), e.g. "
                        + "execution.checkpointing.interval=10s.")
        Map<String, String> flinkConf = new java.util.LinkedHashMap<>();

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "180",
                description = "How long to wait for every task to run (default: ${DEFAULT-VALUE}).")
        int wait;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path jarFile = jar != null ? jar : defaultJar();
            if (!Files.isRegularFile(jarFile)) {
                throw new IllegalArgumentException("no job jar at " + jarFile.toAbsolutePath() + "; build it with: "
                        + "mvn -pl job-dist -am package -DskipTests (or give --jar)");
            }
            for (String o : overrides) {
                if (o.indexOf('=') <= 0) {
                    throw new IllegalArgumentException("job setting '" + o + "' must be KEY=VALUE");
                }
            }
            if (allowNonRestored && savepoint == null) {
                throw new IllegalArgumentException("--allow-non-restored-state needs --from-savepoint");
            }
            List<String> args = new ArrayList<>(List.of("--config", config.toAbsolutePath().toString()));
            args.addAll(overrides);
            JobSubmission.Builder b = JobSubmission.builder(jarFile).entryClass(entryClass).args(args)
                    .parallelism(parallelism).savepoint(savepoint, allowNonRestored);
            flinkConf.forEach(b::flinkConfiguration);
            JobSubmitter submitter = new JobSubmitter(cluster.client(), Duration.ofSeconds(wait), Duration.ofMillis(500));
            SubmitOutcome outcome = submitter.submit(b.build(), skipIfRunning, line -> {
                err.println(line);
                err.flush();
            });
            if (outcome instanceof SubmitOutcome.Running r) {
                err.println("Job " + r.jobId() + " is RUNNING (" + r.took().toMillis() + " ms)");
                out.println(r.jobId());
                out.flush();
                return 0;
            }
            if (outcome instanceof SubmitOutcome.AlreadyRunning a) {
                err.println("A job called '" + a.name() + "' is already " + a.state() + ": " + a.jobId()
                        + "; nothing submitted");
                out.println(a.jobId());
                out.flush();
                return 0;
            }
            SubmitOutcome.Failed f = (SubmitOutcome.Failed) outcome;
            err.println("error: job submission failed at " + f.phase()
                    + (f.jobId() == null ? "" : " (job " + f.jobId() + ")") + ": " + f.reason());
            err.flush();
            return 1;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The cluster's TaskManagers and slots, and every job with its state and checkpoints.")
    public static final class Status implements Callable<Integer> {
        @Mixin
        Cluster cluster = new Cluster();

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws FlinkRestException {
            PrintWriter out = spec.commandLine().getOut();
            FlinkRestClient rest = cluster.client();
            FlinkRestClient.ClusterOverview o = rest.overview();
            out.println("Flink " + o.flinkVersion() + " at " + rest.baseUri() + ": " + o.taskManagers()
                    + " TaskManager(s), " + o.slotsAvailable() + " of " + o.slotsTotal() + " slots free");
            for (FlinkRestClient.JobSummary j : rest.jobs()) {
                FlinkRestClient.Checkpoints c = rest.checkpoints(j.id());
                out.println(j.id() + "  " + j.state() + "  " + j.name() + "  checkpoints: " + c.completed()
                        + " completed, " + c.failed() + " failed" + (c.latestCompletedPath() == null ? ""
                        : ", latest " + c.latestCompletedPath()));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a job (its last checkpoint is retained when the cluster retains checkpoints on "
                    + "cancellation; start again from it with job submit --from-savepoint).")
    public static final class Cancel implements Callable<Integer> {
        @Mixin
        Cluster cluster = new Cluster();

        @Parameters(paramLabel = "JOB_ID", description = "The job's id (job status lists them).")
        String jobId;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws FlinkRestException {
            cluster.client().cancel(jobId);
            spec.commandLine().getErr().println("Cancelling job " + jobId);
            return 0;
        }
    }
}

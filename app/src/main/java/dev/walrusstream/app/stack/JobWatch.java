package dev.walrusstream.app.stack;

import dev.walrusstream.deploy.FlinkRestClient;
import dev.walrusstream.deploy.FlinkRestException;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Watches the encode job through Flink's REST API and says on the console what a user must know:
 * the job failed or restarted (with the cause and the settings to look at), checkpoints stopped
 * completing, the sink paused on a refusal (no WAL, no gas, a refused key) and resumed. Used by
 * {@code up} and {@code demo}; {@link #snapshot} is what the tests assert on.
 */
public final class JobWatch implements AutoCloseable {
    /** What the job looks like now. {@code paused} is the number of sink subtasks paused. */
    public record Health(String state, long restarts, long checkpointsCompleted, long checkpointsFailed,
                         long checkpointsRestored, int paused, Optional<String> cause) {
    }

    private final FlinkRestClient rest;
    private final String jobId;
    private final PrintStream out;
    private final Duration every;
    private final Duration stallAfter;
    private final Thread thread;
    private volatile boolean stopped;

    private JobWatch(FlinkRestClient rest, String jobId, PrintStream out, Duration every, Duration stallAfter) {
        this.rest = rest;
        this.jobId = jobId;
        this.out = out;
        this.every = every;
        this.stallAfter = stallAfter;
        this.thread = new Thread(this::run, "walrus-stream-job-watch");
        this.thread.setDaemon(true);
    }

    /** Reads the job's health once. */
    public static Health snapshot(FlinkRestClient rest, String jobId) throws FlinkRestException {
        FlinkRestClient.JobDetails job = rest.job(jobId);
        if ("INITIALIZING".equals(job.state())) {
            // not ready yet, as callers already expect; asking for its checkpoints now would make the
            // JobManager log an ERROR with a stack trace on the user's console
            throw new FlinkRestException("GET", rest.baseUri() + "/jobs/" + jobId + "/checkpoints", 503,
                    List.of("job " + jobId + " is still INITIALIZING"), null);
        }
        FlinkRestClient.Checkpoints cp = rest.checkpoints(jobId);
        long restarts = rest.jobMetric(jobId, "numRestarts");
        List<Double> paused = rest.operatorMetric(jobId, "walrusPaused");
        int pausedCount = (int) paused.stream().filter(v -> v > 0).count();
        // a task failover restores a checkpoint without always counting as a job restart (numRestarts)
        Optional<String> cause = restarts > 0 || cp.restored() > 0 || !"RUNNING".equals(job.state())
                ? rest.rootException(jobId) : Optional.empty();
        return new Health(job.state(), Math.max(restarts, 0), cp.completed(), cp.failed(), cp.restored(), pausedCount, cause);
    }

    /** As {@link #snapshot}, waiting up to {@code timeout} while the JobManager is still initializing the job. */
    public static Health snapshotWhenReady(FlinkRestClient rest, String jobId, Duration timeout)
            throws FlinkRestException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return snapshot(rest, jobId);
            } catch (FlinkRestException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** The REST client of the stack's MiniCluster. */
    public static FlinkRestClient rest(EmbeddedStack stack) throws Exception {
        return new FlinkRestClient(stack.flink().getRestAddress().get().toString(), Duration.ofSeconds(10));
    }

    /** Starts watching: every {@code every}, reports changes on {@code out}; checkpoints silent for {@code stallAfter} are reported. */
    public static JobWatch start(EmbeddedStack stack, PrintStream out, Duration every, Duration stallAfter) throws Exception {
        JobWatch w = new JobWatch(rest(stack), stack.job().toString(), out, every, stallAfter);
        w.thread.start();
        return w;
    }

    private void run() {
        Health last = null;
        long lastProgress = System.nanoTime();
        boolean stallReported = false;
        while (!stopped) {
            try {
                Health now = snapshot(rest, jobId);
                if (last == null || now.checkpointsCompleted() > last.checkpointsCompleted()) {
                    lastProgress = System.nanoTime();
                    if (stallReported) {
                        out.println("[job] checkpoints complete again (" + now.checkpointsCompleted() + " so far)");
                        stallReported = false;
                    }
                }
                if (last != null) {
                    report(last, now);
                }
                if (!stallReported && System.nanoTime() - lastProgress > stallAfter.toNanos()) {
                    stallReported = true;
                    out.println("[job] no checkpoint completed for " + stallAfter.toSeconds() + " s (" + now.checkpointsFailed()
                            + " failed so far)" + now.cause().map(c -> ": " + c).orElse("")
                            + (now.paused() > 0 ? "; the Walrus sink is PAUSED, its log says why and how to fix it" : "")
                            + ". Look at: " + hint(now.cause().orElse(now.paused() > 0 ? "paused" : "")));
                }
                last = now;
            } catch (FlinkRestException e) {
                // the MiniCluster is starting or stopping; try again next round
            } catch (RuntimeException e) {
                out.println("[job] cannot read the job's status: " + e);
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void report(Health before, Health now) {
        if (!now.state().equals(before.state()) && !"RUNNING".equals(now.state())) {
            out.println("[job] the encode job is " + now.state() + now.cause().map(c -> ": " + c).orElse("")
                    + ". Look at: " + hint(now.cause().orElse("")));
        }
        if (now.restarts() > before.restarts()) {
            out.println("[job] the encode job restarted (restart " + now.restarts() + ")" + now.cause().map(c -> ": " + c).orElse("")
                    + ". It resumes from its last checkpoint. Look at: " + hint(now.cause().orElse("")));
        }
        if (now.checkpointsRestored() > before.checkpointsRestored()) {
            out.println("[job] the encode job recovered from a failure by restoring a checkpoint (" + now.checkpointsRestored()
                    + " restore(s) so far)" + now.cause().map(c -> "; the failure: " + c).orElse("")
                    + ". Look at: " + hint(now.cause().orElse("")));
        }
        if (now.paused() > 0 && before.paused() == 0) {
            out.println("[job] the Walrus sink PAUSED (" + now.paused() + " subtask(s)); nothing is lost and it resumes by itself once "
                    + "fixed. Look at: " + hint("paused"));
        } else if (now.paused() == 0 && before.paused() > 0) {
            out.println("[job] the Walrus sink resumed");
        }
    }

    /** The settings and actions to look at for a failure cause. */
    static String hint(String cause) {
        String c = cause.toUpperCase(Locale.ROOT);
        if (c.contains("INSUFFICIENT_BALANCE") || c.contains("INSUFFICIENT_GAS") || c.contains("PAUSED")) {
            return "the account in walrus.client-config (fund it with WAL and SUI), store.epochs; the sink's log line"
                    + " 'Walrus sink PAUSED' names the refusal";
        }
        if (c.contains("KAFKA") || c.contains("BROKER") || c.contains("TOPIC")) {
            return "kafka.bootstrap, topic.chunks, topic.receipts, topic.dlq";
        }
        if (c.contains("REGISTRY") || c.contains("SCHEMA")) {
            return "registry.url";
        }
        if (c.contains("CHECKPOINT")) {
            return "checkpoint.interval, checkpoint.dir (free space, permissions)";
        }
        if (c.contains("OUTOFMEMORY") || c.contains("HEAP")) {
            return "segment.size, sink.blobs-in-flight, parallelism (memory per blob in flight)";
        }
        return "the job log; settings in docs/job-settings.md (segment.size, sink.blobs-in-flight, walrus.client-config)";
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}

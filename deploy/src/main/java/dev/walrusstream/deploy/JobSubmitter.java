package dev.walrusstream.deploy;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Submits a job jar through Flink's REST API the way {@code flink run} does for a session cluster:
 * checks the cluster answers, uploads the jar, runs its entry class on the JobManager (which submits the
 * job), removes the uploaded jar again, then waits until the job and all its tasks are RUNNING. A job
 * that fails meanwhile is reported with Flink's root exception.
 */
public final class JobSubmitter {
    /** Job states after which the job does not run again by itself. */
    static final Set<String> TERMINAL = Set.of("FAILED", "CANCELED", "FINISHED", "SUSPENDED");

    private final FlinkRestClient rest;
    private final Duration startTimeout;
    private final Duration pollInterval;

    /**
     * @param startTimeout how long the job may take to have every task RUNNING after submission
     *                     (it waits for free slots meanwhile)
     */
    public JobSubmitter(FlinkRestClient rest, Duration startTimeout, Duration pollInterval) {
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("start timeout must be positive, got " + startTimeout);
        }
        this.rest = rest;
        this.startTimeout = startTimeout;
        this.pollInterval = pollInterval;
    }

    /**
     * Submits {@code submission}. With {@code skipIfRunningName} set, a job of that name that is not in
     * a terminal state makes this return {@link SubmitOutcome.AlreadyRunning} without submitting
     * (so a deployment can run the submit step on every start). {@code progress} gets one line per step.
     */
    public SubmitOutcome submit(JobSubmission submission, String skipIfRunningName, Consumer<String> progress)
            throws InterruptedException {
        long start = System.nanoTime();
        FlinkRestClient.ClusterOverview overview;
        try {
            overview = rest.overview();
        } catch (FlinkRestException e) {
            return new SubmitOutcome.Failed("connect", null, "the JobManager at " + rest.baseUri()
                    + " does not answer: " + e.getMessage());
        }
        progress.accept("Flink " + overview.flinkVersion() + " at " + rest.baseUri() + ": " + overview.taskManagers()
                + " TaskManager(s), " + overview.slotsAvailable() + " of " + overview.slotsTotal() + " slots free");
        if (skipIfRunningName != null) {
            try {
                Optional<FlinkRestClient.JobSummary> running = rest.jobs().stream()
                        .filter(j -> j.name().equals(skipIfRunningName) && !TERMINAL.contains(j.state())).findFirst();
                if (running.isPresent()) {
                    return new SubmitOutcome.AlreadyRunning(running.get().id(), running.get().name(), running.get().state());
                }
            } catch (FlinkRestException e) {
                return new SubmitOutcome.Failed("connect", null, "cannot list the cluster's jobs: " + e.getMessage());
            }
        }
        String jarId;
        try {
            jarId = rest.uploadJar(submission.jar());
        } catch (FlinkRestException | IOException e) {
            return new SubmitOutcome.Failed("upload", null, "uploading " + submission.jar() + ": " + e.getMessage());
        }
        progress.accept("Uploaded " + submission.jar().getFileName() + " as " + jarId);
        String jobId;
        try {
            jobId = rest.runJar(jarId, submission);
        } catch (FlinkRestException e) {
            deleteQuietly(jarId);
            return new SubmitOutcome.Failed("run", null, e.getMessage());
        }
        deleteQuietly(jarId);
        progress.accept("Submitted job " + jobId + "; waiting until its tasks run");
        return awaitRunning(jobId, start);
    }

    /** Polls the job until every task is RUNNING, it reaches a terminal state, or the start timeout passes. */
    public SubmitOutcome awaitRunning(String jobId, long startNanos) throws InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        FlinkRestClient.JobDetails last = null;
        String lastFailure = null;
        while (true) {
            try {
                last = rest.job(jobId);
                if (last.fullyRunning()) {
                    return new SubmitOutcome.Running(jobId, Duration.ofNanos(System.nanoTime() - startNanos));
                }
                if (TERMINAL.contains(last.state())) {
                    String cause = rest.rootException(jobId).orElse("no exception recorded");
                    return new SubmitOutcome.Failed("start", jobId, "the job is " + last.state() + ": " + cause);
                }
                if ("RESTARTING".equals(last.state()) || "FAILING".equals(last.state())) {
                    lastFailure = rest.rootException(jobId).orElse(lastFailure);
                }
            } catch (FlinkRestException e) {
                lastFailure = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                String state = last == null ? "unknown" : last.state() + ", tasks " + last.vertices().stream()
                        .map(v -> v.name() + "=" + v.status()).collect(Collectors.joining(", "));
                return new SubmitOutcome.Failed("start", jobId, "not all tasks RUNNING after " + startTimeout.toSeconds()
                        + " s (" + state + ")" + (lastFailure == null ? "; too few free task slots?"
                        : "; last failure: " + lastFailure));
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    private void deleteQuietly(String jarId) {
        try {
            rest.deleteJar(jarId);
        } catch (FlinkRestException e) {
            // the jar stays in the JobManager's upload directory; harmless
        }
    }
}

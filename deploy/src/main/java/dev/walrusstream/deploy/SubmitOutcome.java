package dev.walrusstream.deploy;

import java.time.Duration;

/** How a {@link JobSubmitter#submit} ended. */
public sealed interface SubmitOutcome {
    /** The job was submitted and all its tasks are running. */
    record Running(String jobId, Duration took) implements SubmitOutcome {
    }

    /** A job of the same name was already running (or starting); nothing was submitted. */
    record AlreadyRunning(String jobId, String name, String state) implements SubmitOutcome {
    }

    /**
     * Nothing runs: {@code phase} is where it failed ({@code connect}, {@code upload}, {@code run},
     * {@code start}), {@code jobId} is set when the job was created, {@code reason} says why.
     */
    record Failed(String phase, String jobId, String reason) implements SubmitOutcome {
    }
}

package dev.walrusstream.deploy;

import java.util.List;

/**
 * A Flink REST call that failed: the JobManager did not answer, or answered with an error status.
 * Carries the method, URL, HTTP status (0 when there was no answer) and the {@code errors} list of
 * Flink's error body, which for a failed {@code /jars/:id/run} holds the exception the job's
 * {@code main} threw on the JobManager.
 */
public final class FlinkRestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final String url;
    private final int status;
    private final transient List<String> errors;

    public FlinkRestException(String method, String url, int status, List<String> errors, Throwable cause) {
        super(message(method, url, status, errors, cause), cause);
        this.method = method;
        this.url = url;
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    private static String message(String method, String url, int status, List<String> errors, Throwable cause) {
        if (status == 0) {
            return method + " " + url + ": no answer from the JobManager (" + describe(cause) + ")";
        }
        return method + " " + url + " answered " + status + (errors.isEmpty() ? "" : ": " + FlinkErrors.summary(errors));
    }

    /** The first message along the cause chain, named by its exception (a refused connection has none). */
    private static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return cause == null ? "unknown" : cause.getClass().getSimpleName();
    }

    public String method() {
        return method;
    }

    public String url() {
        return url;
    }

    /** HTTP status, or 0 when the JobManager could not be reached. */
    public int status() {
        return status;
    }

    /** Flink's {@code errors} list (may hold whole stack traces). */
    public List<String> errors() {
        return errors;
    }
}

package dev.walrusstream.sui.rpc.internal;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import dev.walrusstream.sui.rpc.RetryPolicy;
import dev.walrusstream.sui.rpc.SuiRpcException;
import dev.walrusstream.sui.rpc.SuiTimeoutException;
import dev.walrusstream.sui.rpc.SuiUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Runs one unary RPC with retries of transient failures and maps errors to {@link SuiRpcException}s. */
public final class Calls {
    /** Builds the exception for a final, non-retried failure. */
    @FunctionalInterface
    public interface Refusal {
        SuiRpcException create(Status.Code code, String description, int attempts, StatusRuntimeException cause);
    }

    private final RetryPolicy policy;

    public Calls(RetryPolicy policy) {
        this.policy = policy;
    }

    public <T> T unary(String operation, Supplier<T> attempt) {
        return unary(operation, attempt, null);
    }

    /**
     * Runs {@code attempt} until it succeeds, a non-retryable status comes back, or the attempts
     * run out. {@code refusal} (optional) builds the exception for non-retryable statuses.
     */
    public <T> T unary(String operation, Supplier<T> attempt, Refusal refusal) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (policy.isRetryable(code) && n < policy.maxAttempts()) {
                    sleep(operation, policy.backoff(n, ThreadLocalRandom.current().nextDouble()).toMillis(), n, e);
                    continue;
                }
                throw toException(operation, e, n, refusal);
            }
        }
    }

    public SuiRpcException toException(String operation, StatusRuntimeException e, int attempts, Refusal refusal) {
        Status.Code code = e.getStatus().getCode();
        String description = describe(e);
        if (code == Status.Code.DEADLINE_EXCEEDED) {
            return new SuiTimeoutException(operation, description, attempts, e);
        }
        if (code == Status.Code.CANCELLED && Thread.currentThread().isInterrupted()) {
            // our own thread was interrupted (a task being cancelled): not the server refusing anything
            return new SuiRpcException(operation, code, "interrupted: " + description, attempts, e);
        }
        if (policy.isRetryable(code) || code == Status.Code.UNAVAILABLE) {
            return new SuiUnavailableException(operation, code, description, attempts, e);
        }
        if (refusal != null) {
            return refusal.create(code, description, attempts, e);
        }
        return new SuiRpcException(operation, code, description, attempts, e);
    }

    private static void sleep(String operation, long millis, int attempts, StatusRuntimeException cause) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new SuiRpcException(operation, Status.Code.CANCELLED, "interrupted while backing off", attempts, cause);
        }
    }

    /** The status description plus what a google.rpc.Status in the trailers adds (field violations, reasons). */
    public static String describe(StatusRuntimeException e) {
        StringBuilder sb = new StringBuilder();
        String d = e.getStatus().getDescription();
        if (d != null) {
            sb.append(d);
        }
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        if (details != null) {
            if (!details.getMessage().isEmpty() && !details.getMessage().equals(d)) {
                append(sb, details.getMessage());
            }
            for (Any any : details.getDetailsList()) {
                try {
                    if (any.is(BadRequest.class)) {
                        for (var v : any.unpack(BadRequest.class).getFieldViolationsList()) {
                            append(sb, "field " + v.getField() + ": " + v.getDescription());
                        }
                    } else if (any.is(ErrorInfo.class)) {
                        ErrorInfo info = any.unpack(ErrorInfo.class);
                        append(sb, "reason " + info.getReason() + (info.getMetadataMap().isEmpty() ? ""
                                : " " + info.getMetadataMap()));
                    }
                } catch (InvalidProtocolBufferException ignored) {
                    // a malformed detail adds nothing
                }
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String part) {
        if (sb.length() > 0) {
            sb.append("; ");
        }
        sb.append(part);
    }
}

package dev.walrusstream.sui.rpc;

import io.grpc.Status;

/**
 * A gRPC call to the Sui full node that did not succeed. The message names the operation, the
 * gRPC status code, the server's description and how many attempts were made.
 * Subclasses: {@link TransactionRejectedException} (the node refused a transaction: not retried),
 * {@link SuiUnavailableException} (transient errors outlasted the retries) and
 * {@link SuiTimeoutException} (a deadline or wait ran out).
 */
public sealed class SuiRpcException extends RuntimeException
        permits TransactionRejectedException, SuiUnavailableException, SuiTimeoutException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final Status.Code code;
    private final String description;
    private final int attempts;

    public SuiRpcException(String operation, Status.Code code, String description, int attempts, Throwable cause) {
        this(operation + " failed with " + code + (description == null || description.isEmpty() ? "" : ": " + description)
                + (attempts > 1 ? " (after " + attempts + " attempts)" : ""), operation, code, description, attempts, cause);
    }

    protected SuiRpcException(String message, String operation, Status.Code code, String description, int attempts,
                              Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.code = code;
        this.description = description == null ? "" : description;
        this.attempts = attempts;
    }

    /** e.g. {@code LedgerService/GetObject}. */
    public String operation() {
        return operation;
    }

    public Status.Code code() {
        return code;
    }

    public String description() {
        return description;
    }

    public int attempts() {
        return attempts;
    }
}

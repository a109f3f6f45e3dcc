package dev.walrusstream.sui.rpc;

import io.grpc.Status;

/** Transient failures (UNAVAILABLE, RESOURCE_EXHAUSTED, ...) that persisted through every retry. */
public final class SuiUnavailableException extends SuiRpcException {
    private static final long serialVersionUID = 1L;

    public SuiUnavailableException(String operation, Status.Code code, String description, int attempts,
                                   Throwable cause) {
        super(operation, code, description, attempts, cause);
    }
}

package dev.walrusstream.sui.rpc;

import io.grpc.Status;

/** A call deadline, or a wait such as "until checkpointed", ran out. */
public final class SuiTimeoutException extends SuiRpcException {
    private static final long serialVersionUID = 1L;

    public SuiTimeoutException(String operation, String description, int attempts, Throwable cause) {
        super(operation, Status.Code.DEADLINE_EXCEEDED, description, attempts, cause);
    }
}

package dev.walrusstream.sui.rpc;

import dev.walrusstream.sui.SuiDigest;
import io.grpc.Status;

/**
 * The full node refused a transaction before executing it (invalid signature, stale or locked
 * object version, insufficient gas balance, malformed transaction, ...). Nothing was charged and
 * resending the same bytes will fail again.
 */
public final class TransactionRejectedException extends SuiRpcException {
    private static final long serialVersionUID = 1L;

    private final transient SuiDigest digest;

    public TransactionRejectedException(String operation, SuiDigest digest, Status.Code code, String description,
                                        int attempts, Throwable cause) {
        super(operation + " refused transaction " + digest + " with " + code + ": " + description, operation, code,
                description, attempts, cause);
        this.digest = digest;
    }

    public SuiDigest digest() {
        return digest;
    }
}

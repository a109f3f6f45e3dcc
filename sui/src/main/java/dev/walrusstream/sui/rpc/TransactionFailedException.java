package dev.walrusstream.sui.rpc;

import dev.walrusstream.sui.SuiDigest;

/**
 * A transaction that was executed (or simulated) and failed, e.g. a Move abort in the Walrus
 * contract. Gas was charged unless the failure came from a simulation.
 */
public final class TransactionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String phase;
    private final transient SuiDigest digest;
    private final transient ExecutionStatus.Failure failure;
    private final transient GasCostSummary gasUsed;

    public TransactionFailedException(String phase, SuiDigest digest, ExecutionStatus.Failure failure,
                                      GasCostSummary gasUsed) {
        super(phase + ": transaction " + digest + " failed: " + failure);
        this.phase = phase;
        this.digest = digest;
        this.failure = failure;
        this.gasUsed = gasUsed;
    }

    public String phase() {
        return phase;
    }

    public SuiDigest digest() {
        return digest;
    }

    public ExecutionStatus.Failure failure() {
        return failure;
    }

    public GasCostSummary gasUsed() {
        return gasUsed;
    }
}

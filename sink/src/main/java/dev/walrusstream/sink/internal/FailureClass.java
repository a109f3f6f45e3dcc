package dev.walrusstream.sink.internal;

import dev.walrusstream.chain.Rule;
import dev.walrusstream.client.Phase;
import dev.walrusstream.client.StoreResult;

/**
 * How the sink treats a failed store step, as flink-connector-aws and the Walrus SDK do:
 * <ul>
 *   <li>{@link #TRANSIENT}: a node timeout, no quorum yet, the chain unreachable, an epoch change, a
 *       stale object version: retry with capped exponential backoff and jitter; the task keeps running;</li>
 *   <li>{@link #BLOB}: permanent for this blob (too large for the network, refused encoding, an
 *       invalid blob ID): an ERROR receipt with phase and reason, and the pipeline goes on;</li>
 *   <li>{@link #JOB}: permanent for the job until someone acts (no WAL, no SUI for gas, no or a
 *       refused key, a storage or epochs setting the system refuses): the writer pauses, says once a
 *       minute what is wrong and how to fix it, and resumes by itself once the retry passes.</li>
 * </ul>
 */
public enum FailureClass {
    TRANSIENT, BLOB, JOB;

    public static FailureClass of(StoreResult.Failed f) {
        if (f.phase() == Phase.ENCODE) {
            return BLOB;
        }
        Rule rule = f.rule();
        if (rule == null) {
            return TRANSIENT;
        }
        return switch (rule) {
            case INSUFFICIENT_BALANCE, INSUFFICIENT_GAS, NO_ACCOUNT, NOT_OWNER, TRANSACTION_REJECTED, STORAGE_EXCEEDED,
                 INVALID_EPOCHS_AHEAD -> JOB;
            case RESOURCE_SIZE, INVALID_BLOB_ID, UNSUPPORTED_ENCODING_TYPE, BLOB_ID_MISMATCH, PERSISTENCE_TYPE_MISMATCH,
                 OBJECT_ID_MISMATCH, OBJECT_NOT_FOUND, BLOB_NOT_DELETABLE, INVALID_ARGUMENT -> BLOB;
            case RESOURCE_BOUNDS, EPOCH_MISMATCH, STALE_OBJECT_VERSION, NOT_ENOUGH_WEIGHT, SIGNATURE_INVALID, INVALID_BITMAP,
                 INVALID_MESSAGE, EXECUTION_FAILED, ALREADY_CERTIFIED, NOT_CERTIFIED -> TRANSIENT;
            // the committee is changing: confirmations are gathered again from the new one
            case EPOCH_CHANGE_IN_PROGRESS, NOT_IN_COMMITTEE -> TRANSIENT;
        };
    }

    /** What an operator should do about a job-level refusal (empty for other classes). */
    public static String howToFix(StoreResult.Failed f) {
        if (f.rule() == null) {
            return "";
        }
        return switch (f.rule()) {
            case INSUFFICIENT_BALANCE -> "fund the sink's account with WAL (walrus-stream fund, or transfer WAL on Sui)";
            case INSUFFICIENT_GAS -> "fund the sink's account with SUI for gas, or raise the gas budget";
            case NO_ACCOUNT -> "give the sink a key: set the wallet/key in the client configuration (walrus.client-config)";
            case NOT_OWNER, TRANSACTION_REJECTED -> "check the key in the client configuration: the chain refuses its signature or objects";
            case STORAGE_EXCEEDED -> "the system's storage capacity is full: wait for capacity or lower walrus.epochs";
            case INVALID_EPOCHS_AHEAD -> "set walrus.epochs within the system's max epochs ahead";
            default -> "";
        };
    }
}

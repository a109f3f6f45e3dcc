package dev.walrusstream.sui.rpc;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.sui.SuiDigest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * An executed (or simulated) transaction: digest, status, gas, changed objects, events and, once it
 * is in a checkpoint, the checkpoint sequence number and timestamp.
 */
public record ExecutedTransaction(SuiDigest digest, ExecutionStatus status, GasCostSummary gasUsed,
                                  List<ChangedObject> changedObjects, List<SuiEvent> events,
                                  OptionalLong checkpoint, Optional<Instant> timestamp) {
    public ExecutedTransaction {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(gasUsed, "gasUsed");
        changedObjects = List.copyOf(changedObjects);
        events = List.copyOf(events);
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public boolean isCheckpointed() {
        return checkpoint.isPresent();
    }

    /** Objects this transaction created whose type ends with {@code typeSuffix} (e.g. {@code ::blob::Blob}). */
    public List<ChangedObject> created(String typeSuffix) {
        return changedObjects.stream()
                .filter(c -> c.idOperation() == ChangedObject.IdOperation.CREATED)
                .filter(c -> c.objectType().map(t -> t.endsWith(typeSuffix)).orElse(false))
                .collect(Collectors.toList());
    }

    /** The new reference of an object this transaction changed, if it still exists. */
    public Optional<ObjectRef> newRef(ObjectId id) {
        return changedObjects.stream().filter(c -> c.objectId().equals(id)).findFirst().flatMap(ChangedObject::outputRef);
    }

    /** This transaction with the checkpoint it was included in. */
    public ExecutedTransaction withCheckpoint(long sequenceNumber, Optional<Instant> time) {
        return new ExecutedTransaction(digest, status, gasUsed, changedObjects, events, OptionalLong.of(sequenceNumber),
                time.isPresent() ? time : timestamp);
    }

    /**
     * Returns this transaction when it succeeded; otherwise throws {@link TransactionFailedException}
     * naming the phase (e.g. "register", "certify"), the digest and the failure.
     */
    public ExecutedTransaction requireSuccess(String phase) {
        if (status instanceof ExecutionStatus.Failure f) {
            throw new TransactionFailedException(phase, digest, f, gasUsed);
        }
        if (!status.isSuccess()) {
            throw new IllegalStateException(phase + ": status of transaction " + digest + " was not read");
        }
        return this;
    }
}

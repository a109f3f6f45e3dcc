package dev.walrusstream.sui.rpc.internal;

import com.google.protobuf.Timestamp;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.rpc.ChangedObject;
import dev.walrusstream.sui.rpc.Checkpoint;
import dev.walrusstream.sui.rpc.ExecutedTransaction;
import dev.walrusstream.sui.rpc.ExecutionStatus;
import dev.walrusstream.sui.rpc.GasCostSummary;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.SuiEvent;
import dev.walrusstream.sui.rpc.SuiObject;
import dev.walrusstream.sui.rpc.proto.Event;
import dev.walrusstream.sui.rpc.proto.ExecutionError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Converts sui.rpc.v2 protobuf messages into this module's records. */
public final class ProtoMapper {
    private ProtoMapper() {
    }

    public static SuiObject object(dev.walrusstream.sui.rpc.proto.Object o) {
        if (!o.hasObjectId() || !o.hasVersion() || !o.hasDigest()) {
            throw new IllegalStateException("object response lacks object_id, version or digest: " + o.getObjectId());
        }
        ObjectRef ref = new ObjectRef(ObjectId.parsePrefixed(o.getObjectId()), o.getVersion(), SuiDigest.parse(o.getDigest()));
        return new SuiObject(ref, o.hasOwner() ? owner(o.getOwner()) : new Owner.Unknown(),
                o.hasObjectType() ? Optional.of(o.getObjectType()) : Optional.empty(),
                o.hasBalance() ? OptionalLong.of(o.getBalance()) : OptionalLong.empty(),
                o.hasContents() ? Optional.of(o.getContents().getValue().toByteArray()) : Optional.empty());
    }

    public static Owner owner(dev.walrusstream.sui.rpc.proto.Owner o) {
        switch (o.getKind()) {
            case ADDRESS:
                return new Owner.AddressOwner(SuiAddress.parsePrefixed(o.getAddress()));
            case OBJECT:
                return new Owner.ObjectOwner(ObjectId.parsePrefixed(o.getAddress()));
            case SHARED:
                return new Owner.Shared(o.getVersion());
            case IMMUTABLE:
                return new Owner.Immutable();
            case CONSENSUS_ADDRESS:
                return new Owner.ConsensusAddress(o.getVersion(), SuiAddress.parsePrefixed(o.getAddress()));
            default:
                return new Owner.Unknown();
        }
    }

    public static ExecutedTransaction transaction(dev.walrusstream.sui.rpc.proto.ExecutedTransaction t) {
        var effects = t.getEffects();
        String digestText = t.hasDigest() ? t.getDigest() : effects.getTransactionDigest();
        if (digestText.isEmpty()) {
            throw new IllegalStateException("executed transaction response carries no digest");
        }
        List<ChangedObject> changed = new ArrayList<>();
        for (var c : effects.getChangedObjectsList()) {
            changed.add(changedObject(c));
        }
        List<SuiEvent> events = new ArrayList<>();
        for (Event e : t.getEvents().getEventsList()) {
            events.add(new SuiEvent(e.getPackageId(), e.getModule(), e.getSender(), e.getEventType(),
                    e.getContents().getValue().toByteArray()));
        }
        return new ExecutedTransaction(SuiDigest.parse(digestText), status(effects.hasStatus(), effects.getStatus()), gas(effects.getGasUsed()),
                changed, events, t.hasCheckpoint() ? OptionalLong.of(t.getCheckpoint()) : OptionalLong.empty(),
                t.hasTimestamp() ? Optional.of(instant(t.getTimestamp())) : Optional.empty());
    }

    /** Status of an effects message; {@link ExecutionStatus#NOT_READ} when the response has none. */
    public static ExecutionStatus status(boolean present, dev.walrusstream.sui.rpc.proto.ExecutionStatus s) {
        if (!present || !s.hasSuccess() && !s.hasError()) {
            return ExecutionStatus.NOT_READ;
        }
        if (s.getSuccess()) {
            return ExecutionStatus.SUCCESS;
        }
        ExecutionError e = s.getError();
        Optional<ExecutionStatus.MoveAbort> abort = Optional.empty();
        if (e.hasAbort()) {
            var a = e.getAbort();
            var loc = a.getLocation();
            abort = Optional.of(new ExecutionStatus.MoveAbort(a.getAbortCode(), loc.getPackage(), loc.getModule(),
                    loc.getFunctionName()));
        }
        String kind = e.getKind() == ExecutionError.ExecutionErrorKind.UNRECOGNIZED
                ? "kind " + e.getKindValue() : e.getKind().name();
        return new ExecutionStatus.Failure(e.getDescription(),
                e.hasCommand() ? OptionalLong.of(e.getCommand()) : OptionalLong.empty(), kind, abort);
    }

    public static GasCostSummary gas(dev.walrusstream.sui.rpc.proto.GasCostSummary g) {
        return new GasCostSummary(g.getComputationCost(), g.getStorageCost(), g.getStorageRebate(),
                g.getNonRefundableStorageFee());
    }

    private static ChangedObject changedObject(dev.walrusstream.sui.rpc.proto.ChangedObject c) {
        ChangedObject.IdOperation op;
        switch (c.getIdOperation()) {
            case NONE:
                op = ChangedObject.IdOperation.NONE;
                break;
            case CREATED:
                op = ChangedObject.IdOperation.CREATED;
                break;
            case DELETED:
                op = ChangedObject.IdOperation.DELETED;
                break;
            default:
                op = ChangedObject.IdOperation.UNKNOWN;
        }
        boolean exists = c.getOutputState() == dev.walrusstream.sui.rpc.proto.ChangedObject.OutputObjectState
                .OUTPUT_OBJECT_STATE_OBJECT_WRITE || c.getOutputState() == dev.walrusstream.sui.rpc.proto.ChangedObject
                .OutputObjectState.OUTPUT_OBJECT_STATE_PACKAGE_WRITE;
        return new ChangedObject(ObjectId.parsePrefixed(c.getObjectId()), op,
                c.hasInputVersion() ? OptionalLong.of(c.getInputVersion()) : OptionalLong.empty(),
                exists && c.hasOutputVersion() ? OptionalLong.of(c.getOutputVersion()) : OptionalLong.empty(),
                exists && c.hasOutputDigest() ? Optional.of(SuiDigest.parse(c.getOutputDigest())) : Optional.empty(),
                c.hasOutputOwner() ? Optional.of(owner(c.getOutputOwner())) : Optional.empty(),
                c.hasObjectType() ? Optional.of(c.getObjectType()) : Optional.empty());
    }

    public static Checkpoint checkpoint(dev.walrusstream.sui.rpc.proto.Checkpoint c) {
        List<ExecutedTransaction> txs = new ArrayList<>();
        for (var t : c.getTransactionsList()) {
            ExecutedTransaction tx = transaction(t);
            txs.add(tx.isCheckpointed() ? tx : tx.withCheckpoint(c.getSequenceNumber(), Optional.empty()));
        }
        var s = c.getSummary();
        return new Checkpoint(c.hasSequenceNumber() ? c.getSequenceNumber() : s.getSequenceNumber(),
                c.hasDigest() ? Optional.of(c.getDigest()) : Optional.empty(),
                s.hasEpoch() ? OptionalLong.of(s.getEpoch()) : OptionalLong.empty(),
                s.hasTimestamp() ? Optional.of(instant(s.getTimestamp())) : Optional.empty(), txs);
    }

    public static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}

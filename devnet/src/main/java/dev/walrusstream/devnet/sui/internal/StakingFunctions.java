package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.chain.Committee;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.rpc.proto.ExecutionError.ExecutionErrorKind;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.Command;
import dev.walrusstream.sui.walrus.WalrusEvents;

import java.util.List;

/**
 * Walrus's {@code staking} functions this ledger runs from signed transactions, with the contract's
 * signature and rules; today {@code epoch_sync_done(&mut Staking, &mut StorageNodeCap, epoch: u32, &Clock)}:
 * <ul>
 *   <li>the cap is an owned input, so only its owner (the node's operator) can pass it (the validator
 *       refuses anyone else before execution);</li>
 *   <li>{@code EInvalidSyncEpoch} (1) unless {@code epoch} is the current epoch; {@code EDuplicateSyncDone} (2)
 *       when the cap already reported it (nothing changes: a repeated report is harmless);
 *       {@code ENotInCommittee} (4) when the cap's node is not a member of the current committee
 *       (all aborts of {@code staking_inner::epoch_sync_done}, as in the contract);</li>
 *   <li>the cap records the epoch; while the change syncs the member's shards count towards the quorum
 *       (LocalChain's {@code epochSyncDone}, committed with this transaction), and the report that makes
 *       it a quorum emits {@code EpochChangeDone}; after the change is done the report only updates the cap,
 *       as in Walrus.</li>
 * </ul>
 */
final class StakingFunctions {
    static final long E_INVALID_SYNC_EPOCH = 1;
    static final long E_DUPLICATE_SYNC_DONE = 2;
    static final long E_NOT_IN_COMMITTEE = 4;

    private final Execution x;
    private final PtbRunner runner;

    StakingFunctions(Execution x, PtbRunner runner) {
        this.x = x;
        this.runner = runner;
    }

    PtbRunner.Value call(Command.MoveCall call) {
        if (!call.function().equals("epoch_sync_done")) {
            throw runner.fail(ExecutionErrorKind.FUNCTION_NOT_FOUND, "function " + call.target()
                    + " is not available on this local Sui ledger");
        }
        List<Argument> a = call.arguments();
        runner.arity(call, 4, 0);
        runner.shared(a.get(0), x.ids.stakingObject(), "Staking", true);
        Execution.Working cap = runner.object(a.get(1), NodeCaps.capType(x.ids));
        long epoch = runner.u32(a.get(2));
        runner.shared(a.get(3), NodeCaps.CLOCK, "Clock", false);
        NodeCaps.Cap c = NodeCaps.read(cap.contents);
        ObjectId node = c.nodeId();
        int current = x.ledger.info().epoch();
        if (epoch != current) {
            throw abort(E_INVALID_SYNC_EPOCH, "EInvalidSyncEpoch: node " + node + " (cap " + c.capId()
                    + ") reported the sync of epoch " + epoch + ", but the current epoch is " + current);
        }
        if (c.lastEpochSyncDone() >= current) {
            throw abort(E_DUPLICATE_SYNC_DONE, "EDuplicateSyncDone: node " + node + " (cap " + c.capId()
                    + ") already reported the sync of epoch " + current + " (last_epoch_sync_done = "
                    + c.lastEpochSyncDone() + ")");
        }
        cap.contents = NodeCaps.contents(c.capId(), node, current);
        Committee committee = x.ledger.committee();
        if (committee.indexOf(node) < 0) {
            throw abort(E_NOT_IN_COMMITTEE, "ENotInCommittee: node " + node + " (cap " + c.capId()
                    + ") is not a member of the committee of epoch " + current);
        }
        if (x.ledger.epochState().isSyncing() && x.ledger.staking().awaitingSync().contains(node)) {
            int e = current;
            boolean completes = x.ledger.syncReportCompletes(node, e);
            // member, epoch and a syncing change awaiting it are checked above: LocalChain takes the report (no dry
            // run, which would log an acceptance that a simulation never commits)
            x.commitLater("epoch_sync_done", () -> x.ledger.epochSyncDone(node, e));
            x.children.add(x.ids.stakingInnerField());
            if (completes) {
                x.emit(WalrusEvents.EPOCH_CHANGE_DONE, WalrusEvents.encodeEpochOnly(e));
            }
        }
        return PtbRunner.UNIT;
    }

    private Failure abort(long code, String why) {
        return Failure.abort(x.command, x.ids.originalPackage(), "staking_inner", "epoch_sync_done", code, why);
    }
}

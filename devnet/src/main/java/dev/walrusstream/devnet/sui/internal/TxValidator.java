package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.devnet.sui.Refusal;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.sui.keys.Intent;
import dev.walrusstream.sui.keys.SuiSignature;
import dev.walrusstream.devnet.sui.LocalSuiIds;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.Command;
import dev.walrusstream.sui.tx.TransactionData;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a Sui validator checks before executing, with messages shaped like Sui's: the signature
 * (one Ed25519 signature of the sender over the transaction intent), gas (price, budget, SUI coins
 * the sender owns at their current versions, enough balance), owned inputs at their current
 * version and digest and owned by the sender, shared inputs with their initial shared version,
 * and packages that exist.
 */
final class TxValidator {
    private final ObjectStore store;
    private final LocalSuiIds ids;
    private final long referenceGasPrice;

    TxValidator(ObjectStore store, LocalSuiIds ids, long referenceGasPrice) {
        this.store = store;
        this.ids = ids;
        this.referenceGasPrice = referenceGasPrice;
    }

    /** Checks everything; {@code signatures} null for a simulation (not signed). */
    void validate(TransactionData tx, byte[] bcs, List<byte[]> signatures) throws Refusal {
        if (signatures != null) {
            signature(tx, bcs, signatures);
        }
        gas(tx);
        Set<ObjectId> seen = new HashSet<>();
        for (ObjectRef r : tx.gasData().payment()) {
            seen.add(r.objectId());
        }
        for (CallArg in : tx.kind().inputs()) {
            if (in instanceof CallArg.ImmOrOwnedObject o) {
                if (!seen.add(o.ref().objectId())) {
                    throw new Refusal("object " + o.ref().objectId() + " is used twice (as gas or as another input); "
                            + "the gas coin is available to commands as GasCoin");
                }
                owned(o.ref(), tx);
            } else if (in instanceof CallArg.SharedObject s) {
                StoredObject o = store.get(s.objectId());
                if (o == null || !(o.owner() instanceof Owner.Shared shared)) {
                    throw new Refusal("object " + s.objectId() + " is not a shared object");
                }
                if (shared.initialSharedVersion() != s.initialSharedVersion()) {
                    throw new Refusal("shared object " + s.objectId() + " has initial shared version "
                            + shared.initialSharedVersion() + ", the transaction gives " + s.initialSharedVersion());
                }
            } else if (!(in instanceof CallArg.Pure)) {
                throw new Refusal("input kind " + in.getClass().getSimpleName() + " is not supported by this local "
                        + "Sui ledger");
            }
        }
        for (Command c : tx.kind().commands()) {
            if (c instanceof Command.MoveCall call) {
                ObjectId p = call.packageId();
                if (!p.equals(ids.currentPackage()) && !p.equals(ids.originalPackage()) && !p.equals(Failure.SUI_FRAMEWORK)
                        && StoredObjectView.abortCode(store.get(p)).isEmpty()) {
                    throw new Refusal("package " + p + " does not exist (dependent package not found on-chain)");
                }
            }
        }
    }

    private void signature(TransactionData tx, byte[] bcs, List<byte[]> signatures) throws Refusal {
        if (signatures.size() != 1) {
            throw new Refusal("expected 1 signature (the sender's), got " + signatures.size());
        }
        SuiSignature sig;
        try {
            sig = SuiSignature.fromBytes(signatures.get(0));
        } catch (IllegalArgumentException e) {
            throw new Refusal("Signature is not valid: " + e.getMessage());
        }
        if (!sig.signerAddress().equals(tx.sender())) {
            throw new Refusal("Signature is not valid: signer " + sig.signerAddress() + " is not the sender "
                    + tx.sender());
        }
        if (!sig.verify(Intent.TRANSACTION_DATA, bcs)) {
            throw new Refusal("Signature is not valid: Ed25519 signature does not verify for sender " + tx.sender());
        }
    }

    private void gas(TransactionData tx) throws Refusal {
        var gas = tx.gasData();
        if (!gas.owner().equals(tx.sender())) {
            throw new Refusal("gas owner " + gas.owner() + " differs from the sender " + tx.sender()
                    + "; sponsored transactions are not supported by this local Sui ledger");
        }
        if (gas.price() < referenceGasPrice) {
            throw new Refusal("gas price " + gas.price() + " is under the reference gas price " + referenceGasPrice);
        }
        long min = GasSchedule.minBudget(gas.price());
        if (gas.budget() < min) {
            throw new Refusal("gas budget " + gas.budget() + " is lower than the minimum " + min);
        }
        if (gas.budget() > GasSchedule.MAX_BUDGET) {
            throw new Refusal("gas budget " + gas.budget() + " is higher than the maximum " + GasSchedule.MAX_BUDGET);
        }
        if (gas.payment().isEmpty()) {
            throw new Refusal("no gas payment");
        }
        long balance = 0;
        Set<ObjectId> seen = new HashSet<>();
        for (ObjectRef r : gas.payment()) {
            if (!seen.add(r.objectId())) {
                throw new Refusal("gas coin " + r.objectId() + " is listed twice");
            }
            StoredObject o = owned(r, tx);
            if (!o.isCoin() || !o.coinType().equals(LocalSuiConstants.SUI_COIN_TYPE)) {
                throw new Refusal("gas object " + r.objectId() + " is a " + o.type() + ", not a SUI coin");
            }
            balance += o.balance();
        }
        if (balance < gas.budget()) {
            throw new Refusal("Balance of gas object " + balance + " is lower than the needed amount: " + gas.budget());
        }
    }

    private StoredObject owned(ObjectRef ref, TransactionData tx) throws Refusal {
        StoredObject o = store.get(ref.objectId());
        if (o == null) {
            throw new Refusal("object " + ref.objectId() + " does not exist (it was deleted or never created)");
        }
        if (o.version() != ref.version() || !o.digest().equals(ref.digest())) {
            throw new Refusal("Object ID " + ref.objectId() + " Version " + Long.toUnsignedString(ref.version())
                    + " Digest " + ref.digest() + " is not available for consumption, current version: "
                    + Long.toUnsignedString(o.version()));
        }
        if (!o.ownedBy(tx.sender())) {
            throw new Refusal("object " + ref.objectId() + " is owned by " + o.owner() + ", not by the sender "
                    + tx.sender());
        }
        return o;
    }
}

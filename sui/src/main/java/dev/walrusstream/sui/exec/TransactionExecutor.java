package dev.walrusstream.sui.exec;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.sui.coins.CoinLease;
import dev.walrusstream.sui.coins.CoinPool;
import dev.walrusstream.sui.keys.SignedTransaction;
import dev.walrusstream.sui.keys.SuiKeyPair;
import dev.walrusstream.sui.rpc.ChangedObject;
import dev.walrusstream.sui.rpc.ExecutedTransaction;
import dev.walrusstream.sui.rpc.ExecutionStatus;
import dev.walrusstream.sui.rpc.SimulationResult;
import dev.walrusstream.sui.rpc.SuiClient;
import dev.walrusstream.sui.rpc.TransactionFailedException;
import dev.walrusstream.sui.tx.GasData;
import dev.walrusstream.sui.tx.ProgrammableTransaction;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.tx.TransactionExpiration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs programmable transactions for one sender: leases gas coins, dry-runs to fail early and to
 * size the budget, signs, executes, waits for the checkpoint and settles every coin lease with
 * the effects. A failure names its phase ("register", "certify", ...) and whether anything was
 * paid (a dry-run failure costs nothing).
 */
public final class TransactionExecutor {
    private final SuiClient client;
    private final SuiKeyPair sender;
    private final CoinPool gasCoins;
    private final GasPolicy policy;

    public TransactionExecutor(SuiClient client, SuiKeyPair sender, CoinPool gasCoins, GasPolicy policy) {
        this.client = Objects.requireNonNull(client, "client");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.gasCoins = Objects.requireNonNull(gasCoins, "gasCoins");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (!gasCoins.owner().equals(sender.address())) {
            throw new IllegalArgumentException("gas coins of " + gasCoins.owner() + " cannot pay for sender "
                    + sender.address());
        }
    }

    public SuiKeyPair sender() {
        return sender;
    }

    /** Dry-runs the transaction and returns the gas it would need; nothing is paid. */
    public GasEstimate estimate(String phase, ProgrammableTransaction pt) {
        try (CoinLease gas = gasCoins.lease(policy.dryRunReserve(), policy.coinWait())) {
            return dryRun(phase, pt, gas, client.referenceGasPrice());
        }
    }

    /**
     * Executes the transaction and returns it once checkpointed and successful. {@code inputLeases}
     * are the coin leases the transaction uses as inputs (e.g. WAL); they are settled here.
     *
     * @throws TransactionFailedException when the dry run or the execution failed (phase named)
     */
    public ExecutedTransaction execute(String phase, ProgrammableTransaction pt, List<CoinLease> inputLeases) {
        List<CoinLease> leases = new ArrayList<>(inputLeases);
        CoinLease gas = null;
        boolean sent = false;
        ExecutedTransaction executed = null;
        try {
            long price = client.referenceGasPrice();
            gas = gasCoins.lease(policy.dryRunReserve(), policy.coinWait());
            GasEstimate estimate = dryRun(phase, pt, gas, price);
            if (estimate.budget() > gas.total()) {
                gas.release();
                gas = gasCoins.lease(estimate.budget(), policy.coinWait());
            }
            TransactionData tx = new TransactionData(pt, sender.address(),
                    new GasData(gas.refs(), sender.address(), price, estimate.budget()), TransactionExpiration.NONE);
            sent = true;
            executed = client.executeAndWait(SignedTransaction.sign(tx, sender));
        } finally {
            if (gas != null) {
                leases.add(gas);
            }
            settle(leases, sent, executed);
        }
        return executed.requireSuccess(phase);
    }

    private GasEstimate dryRun(String phase, ProgrammableTransaction pt, CoinLease gas, long price) {
        long dryRunBudget = Math.min(gas.total(), policy.maxBudget());
        TransactionData tx = new TransactionData(pt, sender.address(),
                new GasData(gas.refs(), sender.address(), price, dryRunBudget), TransactionExpiration.NONE);
        SimulationResult sim = client.simulate(tx);
        ExecutedTransaction t = sim.transaction();
        if (t.status() instanceof ExecutionStatus.Failure f) {
            throw new TransactionFailedException(phase + " (dry run, nothing paid)", t.digest(), f, t.gasUsed());
        }
        var used = t.gasUsed();
        long budget = GasPolicy.budgetFor(used.computationCost(), used.storageCost(), used.storageRebate(), price);
        if (budget > policy.maxBudget()) {
            throw new IllegalStateException(phase + ": estimated gas budget " + budget + " MIST exceeds the limit of "
                    + policy.maxBudget() + " MIST");
        }
        return new GasEstimate(price, used, budget);
    }

    /**
     * Returns the coins: unchanged if nothing was sent; with new versions from the effects if the
     * transaction executed; as "re-read before reuse" if it was refused or its outcome is unknown.
     */
    private static void settle(List<CoinLease> leases, boolean sent, ExecutedTransaction executed) {
        if (!sent) {
            leases.forEach(CoinLease::release);
            return;
        }
        if (executed == null) {
            leases.forEach(CoinLease::invalidate);
            return;
        }
        Map<ObjectId, ObjectRef> changed = new HashMap<>();
        Set<ObjectId> gone = new HashSet<>();
        for (ChangedObject c : executed.changedObjects()) {
            if (c.outputRef().isPresent()) {
                changed.put(c.objectId(), c.outputRef().get());
            } else {
                gone.add(c.objectId());
            }
        }
        for (CoinLease lease : leases) {
            lease.settle(changed, gone);
        }
    }
}

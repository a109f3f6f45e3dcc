package dev.walrusstream.devnet.ledger;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.StorageResource;
import dev.walrusstream.devnet.sui.LocalSuiOptions;
import dev.walrusstream.devnet.sui.internal.GasSchedule;
import dev.walrusstream.devnet.sui.internal.WalrusContents;

/**
 * The gas LocalChain reports for its transactions, in MIST: the local Sui ledger's schedule
 * ({@link GasSchedule}) at its default reference gas price, applied to the Walrus objects each
 * transaction writes (their Move contents, as the local Sui ledger stores them): computation, plus
 * the storage fee of every object created or rewritten, minus the rebate of every object rewritten
 * or deleted. LocalChain keeps WAL as account balances, not coin objects, so unlike on the local Sui
 * ledger no coin rewrite is charged; and LocalChain does not debit SUI (it has none), it only reports.
 */
final class LedgerGas {
    static final long GAS_PRICE = LocalSuiOptions.DEFAULTS.referenceGasPrice();

    private LedgerGas() {
    }

    static long reserve(StorageResource created) {
        return computation(0) + stored(created);
    }

    /** register_blob: the Storage is wrapped into the new Blob (deleted as an object). */
    static long register(StorageResource wrapped, BlobObject created) {
        return computation(0) + stored(created) - rebate(wrapped);
    }

    static long reserveAndRegister(BlobObject created) {
        return computation(0) + stored(created);
    }

    static long certify(BlobObject before, BlobObject after) {
        return computation(GasSchedule.CERTIFY_COMPUTATION_UNITS) + stored(after) - rebate(before);
    }

    static long delete(BlobObject deleted, StorageResource returned) {
        return computation(0) + stored(returned) - rebate(deleted);
    }

    static long extend(BlobObject before, BlobObject after) {
        return computation(0) + stored(after) - rebate(before);
    }

    private static long computation(long extraUnits) {
        return (GasSchedule.BASE_COMPUTATION_UNITS + extraUnits) * GAS_PRICE;
    }

    private static long stored(BlobObject b) {
        return GasSchedule.storageCost(WalrusContents.blob(b).length);
    }

    private static long stored(StorageResource s) {
        return GasSchedule.storageCost(WalrusContents.storage(s).length);
    }

    private static long rebate(BlobObject b) {
        return GasSchedule.rebate(stored(b));
    }

    private static long rebate(StorageResource s) {
        return GasSchedule.rebate(stored(s));
    }
}

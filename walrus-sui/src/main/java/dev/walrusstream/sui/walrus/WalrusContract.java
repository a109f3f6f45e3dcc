package dev.walrusstream.sui.walrus;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.sui.coins.CoinLease;
import dev.walrusstream.sui.coins.CoinPool;
import dev.walrusstream.sui.exec.GasEstimate;
import dev.walrusstream.sui.exec.TransactionExecutor;
import dev.walrusstream.sui.rpc.ChangedObject;
import dev.walrusstream.sui.rpc.ExecutedTransaction;
import dev.walrusstream.sui.tx.ProgrammableTransaction;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The Walrus contract as one sender uses it: register (reserve_space + register_blob, WAL charged
 * in place), certify, extend and delete, each dry-run before paying. WAL coins come from a
 * {@link CoinPool}, so concurrent writers never share a coin. Thread-safe.
 */
public final class WalrusContract {
    private final WalrusSystemReader reader;
    private final TransactionExecutor executor;
    private final CoinPool walCoins;
    private final ObjectId systemObjectId;
    private final Duration coinWait;
    private volatile WalrusSystemSnapshot snapshot;

    public WalrusContract(WalrusSystemReader reader, TransactionExecutor executor, CoinPool walCoins,
                          ObjectId systemObjectId, Duration coinWait) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.walCoins = Objects.requireNonNull(walCoins, "walCoins");
        this.systemObjectId = Objects.requireNonNull(systemObjectId, "systemObjectId");
        this.coinWait = Objects.requireNonNull(coinWait, "coinWait");
    }

    /** The last System snapshot read (reads it on first use). */
    public WalrusSystemSnapshot snapshot() {
        WalrusSystemSnapshot s = snapshot;
        return s != null ? s : refresh();
    }

    /** Re-reads the System object and its inner state (committee, epoch, prices). */
    public WalrusSystemSnapshot refresh() {
        WalrusSystemSnapshot s = reader.read(systemObjectId);
        snapshot = s;
        return s;
    }

    /** WAL from the current prices plus a dry run of the registration; nothing is paid. */
    public WalrusCostEstimate estimateRegistration(BlobRegistration blob) {
        WalrusSystemSnapshot s = snapshot();
        StoragePrices prices = s.state().prices();
        long cost = prices.registrationCost(blob.encodedSize(), blob.epochsAhead());
        try (CoinLease wal = walCoins.lease(cost, coinWait)) {
            ProgrammableTransaction pt = new WalrusTransactions(s.ref()).registerBlob(blob, wal.coins(),
                    executor.sender().address());
            GasEstimate gas = executor.estimate("register", pt);
            return new WalrusCostEstimate(prices.storageCost(blob.encodedSize(), blob.epochsAhead()),
                    prices.writeCost(blob.encodedSize()), gas);
        }
    }

    /** Registers a blob and returns its new Blob object once the registration is checkpointed. */
    public RegisteredBlob register(BlobRegistration blob) {
        WalrusSystemSnapshot s = snapshot();
        long cost = s.state().prices().registrationCost(blob.encodedSize(), blob.epochsAhead());
        CoinLease wal = walCoins.lease(cost, coinWait);
        ProgrammableTransaction pt;
        try {
            pt = new WalrusTransactions(s.ref()).registerBlob(blob, wal.coins(), executor.sender().address());
        } catch (RuntimeException e) {
            wal.release();
            throw e;
        }
        ExecutedTransaction tx = executor.execute("register", pt, List.of(wal));
        List<ChangedObject> created = tx.created("::blob::Blob");
        if (created.size() != 1 || created.get(0).outputRef().isEmpty()) {
            throw new IllegalStateException("register: transaction " + tx.digest() + " created " + created.size()
                    + " Blob objects, expected 1");
        }
        return new RegisteredBlob(created.get(0).outputRef().get(), tx.digest(), tx.checkpoint().orElse(-1), cost,
                tx.gasUsed());
    }

    /**
     * Certifies a registered blob. The certificate's epoch must be the current Walrus epoch;
     * confirmations from an earlier epoch must be collected again.
     */
    public ExecutedTransaction certify(ObjectRef blobObject, BlobCertificate certificate) {
        WalrusSystemSnapshot s = snapshot();
        if (certificate.epoch() != s.state().epoch()) {
            s = refresh();
            if (certificate.epoch() != s.state().epoch()) {
                throw new IllegalArgumentException("certify: certificate is for epoch " + certificate.epoch()
                        + " but Walrus is in epoch " + s.state().epoch() + "; collect confirmations again");
            }
        }
        return executor.execute("certify", new WalrusTransactions(s.ref()).certifyBlob(blobObject, certificate),
                List.of());
    }

    /** Extends a certified blob's storage by {@code extendedEpochs}, paid in WAL. */
    public ExecutedTransaction extend(ObjectRef blobObject, long encodedSize, int extendedEpochs) {
        WalrusSystemSnapshot s = snapshot();
        long cost = s.state().prices().storageCost(encodedSize, extendedEpochs);
        CoinLease wal = walCoins.lease(cost, coinWait);
        ProgrammableTransaction pt;
        try {
            pt = new WalrusTransactions(s.ref()).extendBlob(blobObject, extendedEpochs, wal.coins());
        } catch (RuntimeException e) {
            wal.release();
            throw e;
        }
        return executor.execute("extend", pt, List.of(wal));
    }

    /** Deletes a deletable blob; its storage resource goes back to the sender. */
    public ExecutedTransaction delete(ObjectRef blobObject) {
        WalrusSystemSnapshot s = snapshot();
        return executor.execute("delete", new WalrusTransactions(s.ref()).deleteBlob(blobObject,
                executor.sender().address()), List.of());
    }
}

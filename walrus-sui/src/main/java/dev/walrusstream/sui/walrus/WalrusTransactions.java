package dev.walrusstream.sui.walrus;

import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.coins.Coin;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.ProgrammableTransaction;
import dev.walrusstream.sui.tx.PtbBuilder;
import dev.walrusstream.sui.tx.Pure;

import java.util.List;
import java.util.Objects;

/**
 * Whole Walrus transactions in the shape of the Rust client ({@code walrus-sui}): the WAL coin is
 * charged in place, outputs go to the owner. Gas data is added by the caller.
 */
public final class WalrusTransactions {
    private final WalrusSystemRef system;

    public WalrusTransactions(WalrusSystemRef system) {
        this.system = Objects.requireNonNull(system, "system");
    }

    public WalrusSystemRef system() {
        return system;
    }

    /**
     * {@code reserve_space} + {@code register_blob} + transfer of the new Blob to {@code owner}.
     * The WAL coins must hold at least {@link StoragePrices#registrationCost}; more than one coin
     * is merged first.
     */
    public ProgrammableTransaction registerBlob(BlobRegistration blob, List<Coin> walCoins, SuiAddress owner) {
        PtbBuilder ptb = new PtbBuilder();
        WalrusCalls calls = new WalrusCalls(ptb, system);
        WalCoinArgument wal = new WalCoinArgument(ptb, walCoins);
        Argument storage = calls.reserveSpace(blob.encodedSize(), blob.epochsAhead(), wal);
        Argument registered = calls.registerBlob(storage, blob.blobId().bytes(), blob.rootHash(), blob.unencodedSize(),
                blob.encodingType(), blob.deletable(), wal);
        ptb.transferObjects(List.of(registered), ptb.pure(Pure.address(owner)));
        return ptb.build();
    }

    /**
     * Several {@code reserve_space} + {@code register_blob} pairs in one programmable transaction (the
     * multi-blob registration of Walrus's client), all paid from the one WAL payment coin (merged
     * once, charged in place by every call), then one transfer of every new Blob to {@code owner}.
     * Commands {@code 2i} and {@code 2i + 1} (plus one when several coins are merged first) reserve
     * and register {@code blobs.get(i)}.
     */
    public ProgrammableTransaction registerBlobs(List<BlobRegistration> blobs, List<Coin> walCoins, SuiAddress owner) {
        if (blobs.isEmpty()) {
            throw new IllegalArgumentException("no blob to register");
        }
        PtbBuilder ptb = new PtbBuilder();
        WalrusCalls calls = new WalrusCalls(ptb, system);
        WalCoinArgument wal = new WalCoinArgument(ptb, walCoins);
        List<Argument> registered = new java.util.ArrayList<>();
        for (BlobRegistration blob : blobs) {
            Argument storage = calls.reserveSpace(blob.encodedSize(), blob.epochsAhead(), wal);
            registered.add(calls.registerBlob(storage, blob.blobId().bytes(), blob.rootHash(), blob.unencodedSize(),
                    blob.encodingType(), blob.deletable(), wal));
        }
        ptb.transferObjects(registered, ptb.pure(Pure.address(owner)));
        return ptb.build();
    }

    /** {@code certify_blob} on the Blob object at its latest version (from the register effects). */
    public ProgrammableTransaction certifyBlob(ObjectRef blob, BlobCertificate certificate) {
        PtbBuilder ptb = new PtbBuilder();
        new WalrusCalls(ptb, system).certifyBlob(blob, certificate);
        return ptb.build();
    }

    /**
     * Several {@code certify_blob} calls in one programmable transaction, command {@code i} certifying
     * {@code blobs.get(i)} with {@code certificates.get(i)} (the System object is one shared input).
     */
    public ProgrammableTransaction certifyBlobs(List<ObjectRef> blobs, List<BlobCertificate> certificates) {
        if (blobs.isEmpty() || blobs.size() != certificates.size()) {
            throw new IllegalArgumentException("certifyBlobs needs one certificate per blob, got " + blobs.size()
                    + " blobs and " + certificates.size() + " certificates");
        }
        PtbBuilder ptb = new PtbBuilder();
        WalrusCalls calls = new WalrusCalls(ptb, system);
        for (int i = 0; i < blobs.size(); i++) {
            calls.certifyBlob(blobs.get(i), certificates.get(i));
        }
        return ptb.build();
    }

    /**
     * {@code staking::epoch_sync_done} for the node of {@code cap} (owned by the sender) in {@code epoch}, on the
     * shared Staking object {@code stakingObjectId} (shared at {@code stakingInitialSharedVersion}).
     */
    public ProgrammableTransaction epochSyncDone(dev.walrusstream.codec.ids.ObjectId stakingObjectId,
                                                 long stakingInitialSharedVersion, ObjectRef cap, int epoch) {
        PtbBuilder ptb = new PtbBuilder();
        new WalrusCalls(ptb, system).epochSyncDone(new dev.walrusstream.sui.tx.CallArg.SharedObject(stakingObjectId,
                stakingInitialSharedVersion, dev.walrusstream.sui.tx.SharedMutability.MUTABLE), cap, epoch);
        return ptb.build();
    }

    /** {@code delete_blob}; the returned Storage resource goes to {@code owner} for reuse. */
    public ProgrammableTransaction deleteBlob(ObjectRef blob, SuiAddress owner) {
        PtbBuilder ptb = new PtbBuilder();
        Argument storage = new WalrusCalls(ptb, system).deleteBlob(blob);
        ptb.transferObjects(List.of(storage), ptb.pure(Pure.address(owner)));
        return ptb.build();
    }

    /** {@code extend_blob} by {@code extendedEpochs}, paid from the WAL coins. */
    public ProgrammableTransaction extendBlob(ObjectRef blob, int extendedEpochs, List<Coin> walCoins) {
        if (extendedEpochs < 1) {
            throw new IllegalArgumentException("extended epochs must be at least 1, got " + extendedEpochs);
        }
        PtbBuilder ptb = new PtbBuilder();
        new WalrusCalls(ptb, system).extendBlob(blob, extendedEpochs, new WalCoinArgument(ptb, walCoins));
        return ptb.build();
    }

    /**
     * Several {@code extend_blob} calls in one transaction, each by {@code extendedEpochs}, all paid
     * from the one WAL payment coin (merged once, charged in place by every call). Command {@code i}
     * (plus one when several coins are merged first) extends {@code blobs.get(i)}.
     */
    public ProgrammableTransaction extendBlobs(List<ObjectRef> blobs, int extendedEpochs, List<Coin> walCoins) {
        if (extendedEpochs < 1) {
            throw new IllegalArgumentException("extended epochs must be at least 1, got " + extendedEpochs);
        }
        if (blobs.isEmpty()) {
            throw new IllegalArgumentException("no blob object to extend");
        }
        PtbBuilder ptb = new PtbBuilder();
        WalrusCalls calls = new WalrusCalls(ptb, system);
        WalCoinArgument wal = new WalCoinArgument(ptb, walCoins);
        for (ObjectRef blob : blobs) {
            calls.extendBlob(blob, extendedEpochs, wal);
        }
        return ptb.build();
    }
}

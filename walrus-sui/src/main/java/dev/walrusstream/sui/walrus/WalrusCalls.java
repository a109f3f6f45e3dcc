package dev.walrusstream.sui.walrus;

import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.PtbBuilder;
import dev.walrusstream.sui.tx.Pure;
import dev.walrusstream.sui.tx.SharedMutability;

import java.util.List;
import java.util.Objects;

/**
 * The Walrus Move calls on one {@link PtbBuilder}, with the argument encodings of the contract:
 * {@code blob_id} and {@code root_hash} as u256 (BCS = the 32 raw bytes), signature, bitmap and
 * message as {@code vector<u8>}, the System object shared (mutable iff the function takes
 * {@code &mut System}). Each method returns the call's result.
 */
public final class WalrusCalls {
    private static final String SYSTEM = "system";

    private final PtbBuilder ptb;
    private final WalrusSystemRef system;

    public WalrusCalls(PtbBuilder ptb, WalrusSystemRef system) {
        this.ptb = Objects.requireNonNull(ptb, "ptb");
        this.system = Objects.requireNonNull(system, "system");
    }

    public PtbBuilder ptb() {
        return ptb;
    }

    /** {@code system::reserve_space(&mut System, storage_amount u64, epochs_ahead u32, &mut Coin<WAL>) → Storage}. */
    public Argument.Result reserveSpace(long encodedSize, int epochsAhead, WalCoinArgument wal) {
        return ptb.moveCall(system.packageId(), SYSTEM, "reserve_space", List.of(),
                systemArg(SharedMutability.MUTABLE), ptb.pure(Pure.u64(encodedSize)),
                ptb.pure(Pure.u32(epochsAhead)), wal.get());
    }

    /**
     * {@code system::register_blob(&mut System, Storage, blob_id u256, root_hash u256, size u64,
     * encoding_type u8, deletable bool, &mut Coin<WAL>) → Blob}.
     */
    public Argument.Result registerBlob(Argument storage, byte[] blobId, byte[] rootHash, long unencodedSize,
                                        int encodingType, boolean deletable, WalCoinArgument wal) {
        return ptb.moveCall(system.packageId(), SYSTEM, "register_blob", List.of(),
                systemArg(SharedMutability.MUTABLE), storage, ptb.pure(Pure.u256LittleEndian(blobId)),
                ptb.pure(Pure.u256LittleEndian(rootHash)), ptb.pure(Pure.u64(unencodedSize)),
                ptb.pure(Pure.u8(encodingType)), ptb.pure(Pure.bool(deletable)), wal.get());
    }

    /** {@code system::certify_blob(&System, &mut Blob, signature, signers_bitmap, message)}. */
    public Argument.Result certifyBlob(ObjectRef blob, BlobCertificate certificate) {
        return ptb.moveCall(system.packageId(), SYSTEM, "certify_blob", List.of(),
                systemArg(SharedMutability.IMMUTABLE), ptb.input(new CallArg.ImmOrOwnedObject(blob)),
                ptb.pure(Pure.bytes(certificate.signature())), ptb.pure(Pure.bytes(certificate.signersBitmap())),
                ptb.pure(Pure.bytes(certificate.message())));
    }

    /** {@code system::delete_blob(&System, Blob) → Storage} (deletable blobs only). */
    public Argument.Result deleteBlob(ObjectRef blob) {
        return ptb.moveCall(system.packageId(), SYSTEM, "delete_blob", List.of(),
                systemArg(SharedMutability.IMMUTABLE), ptb.input(new CallArg.ImmOrOwnedObject(blob)));
    }

    /** {@code system::extend_blob(&mut System, &mut Blob, extended_epochs u32, &mut Coin<WAL>)}. */
    public Argument.Result extendBlob(ObjectRef blob, int extendedEpochs, WalCoinArgument wal) {
        return ptb.moveCall(system.packageId(), SYSTEM, "extend_blob", List.of(),
                systemArg(SharedMutability.MUTABLE), ptb.input(new CallArg.ImmOrOwnedObject(blob)),
                ptb.pure(Pure.u32(extendedEpochs)), wal.get());
    }

    /** {@code blob::burn(Blob)}: destroys a Blob object (e.g. an expired one) and its storage. */
    public Argument.Result burnBlob(ObjectRef blob) {
        return ptb.moveCall(system.packageId(), "blob", "burn", List.of(),
                ptb.input(new CallArg.ImmOrOwnedObject(blob)));
    }

    /** Sui's shared Clock {@code 0x6}, shared at version 1. */
    public static final CallArg.SharedObject CLOCK = new CallArg.SharedObject(
            dev.walrusstream.codec.ids.ObjectId.parse("0x6"), 1, SharedMutability.IMMUTABLE);

    /**
     * {@code staking::epoch_sync_done(&mut Staking, &mut StorageNodeCap, epoch u32, &Clock)}: the node whose
     * {@code cap} this is holds every shard it owns in {@code epoch}. {@code staking} is the shared Staking object
     * (taken mutably); the cap is an owned object of the sender.
     */
    public Argument.Result epochSyncDone(CallArg.SharedObject staking, ObjectRef cap, int epoch) {
        if (staking.mutability() != SharedMutability.MUTABLE) {
            throw new IllegalArgumentException("epoch_sync_done takes &mut Staking; the Staking input "
                    + staking.objectId() + " must be shared mutably");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative, got " + epoch);
        }
        return ptb.moveCall(system.packageId(), "staking", "epoch_sync_done", List.of(), ptb.input(staking),
                ptb.input(new CallArg.ImmOrOwnedObject(cap)), ptb.pure(Pure.u32(epoch)), ptb.input(CLOCK));
    }

    private Argument systemArg(SharedMutability mutability) {
        return ptb.input(system.asInput(mutability));
    }
}

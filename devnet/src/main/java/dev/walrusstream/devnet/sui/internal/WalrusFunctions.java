package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.chain.StorageResource;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.devnet.ledger.LocalLedger;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.proto.ExecutionError.ExecutionErrorKind;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.Command;

import java.util.List;
import java.util.function.Supplier;

/**
 * Walrus's {@code system} functions with the contract's signatures, executed by LocalChain's rule
 * engine: each call is first dry-run on the ledger (a refusal becomes the Move abort the contract
 * raises), the WAL coin passed by {@code &mut} is charged what the ledger charges, the objects and
 * events are those the contract creates, and the ledger transaction is committed only once the
 * whole Sui transaction succeeded.
 */
final class WalrusFunctions {
    /** Computation units a certificate check costs on top of the base (pairings are expensive). */
    static final long CERTIFY_UNITS = GasSchedule.CERTIFY_COMPUTATION_UNITS;

    private final Execution x;
    private final PtbRunner runner;

    WalrusFunctions(Execution x, PtbRunner runner) {
        this.x = x;
        this.runner = runner;
    }

    PtbRunner.Value call(Command.MoveCall call) {
        List<Argument> a = call.arguments();
        switch (call.function()) {
            case "reserve_space": {
                runner.arity(call, 4, 0);
                runner.system(a.get(0), true);
                long size = runner.u64(a.get(1));
                int epochs = epochs(runner.u32(a.get(2)));
                Execution.Working coin = walCoin(a.get(3));
                Results.Reservation r = dry(() -> x.ledger.reserveSpace(x.sender(), size, epochs));
                charge(coin, r.cost());
                PtbRunner.PendingStorage p = new PtbRunner.PendingStorage(size, epochs, r, x.command);
                runner.track(p);
                if (x.registrations.isEmpty()) {
                    x.commitLater("reserve_space", () -> x.ledger.reserveSpace(x.sender(), size, epochs));
                } else {
                    p.deferred = true; // a further blob of a multi-blob registration: its register_blob commits it
                }
                x.walrusStateChanged = true;
                return p;
            }
            case "register_blob": {
                runner.arity(call, 8, 0);
                runner.system(a.get(0), true);
                PtbRunner.Value storage = runner.value(a.get(1));
                BlobId blobId = BlobId.of(runner.u256(a.get(2)));
                byte[] root = runner.u256(a.get(3));
                long size = runner.u64(a.get(4));
                int encoding = runner.u8(a.get(5));
                boolean deletable = runner.bool(a.get(6));
                Execution.Working coin = walCoin(a.get(7));
                Results.Registration reg;
                if (storage instanceof PtbRunner.PendingStorage p && !p.consumed) {
                    p.consumed = true;
                    // every reserve_space + register_blob pair of the transaction commits as ONE LocalChain
                    // transaction; each pair is dry-run with the pairs before it (capacity, funds)
                    List<LocalLedger.BlobRegistration> calls = new java.util.ArrayList<>(x.registrations);
                    LocalLedger.BlobRegistration pair = new LocalLedger.BlobRegistration(
                            new dev.walrusstream.chain.RegistrationBatch.Call(blobId, root, size, encoding, deletable,
                                    p.epochs), p.size);
                    calls.add(pair);
                    Supplier<Results.Registrations> op = () -> x.ledger.registerBlobs(x.sender(), calls);
                    Results.Registrations all = dry(op);
                    reg = all.registrations().get(all.registrations().size() - 1);
                    charge(coin, reg.cost() - p.dryRun.cost());
                    x.replaceCommit(calls.size() == 1 ? "reserve_and_register" : "register_blobs", op);
                    x.registrations.add(pair);
                } else if (storage instanceof PtbRunner.ObjectValue ov && x.get(ov.id()) != null
                        && x.get(ov.id()).type.equals(WalrusObjects.storageType(x.ids))) {
                    ObjectId storageId = ov.id();
                    Supplier<Results.Registration> op = () -> x.ledger.registerBlob(x.sender(), storageId, blobId, root,
                            size, encoding, deletable);
                    reg = dry(op);
                    charge(coin, reg.cost());
                    x.delete(ov.id()); // wrapped into the Blob
                    x.commitLater("register_blob", op);
                } else {
                    throw runner.fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "argument 1 of register_blob is not an "
                            + "unused Storage resource");
                }
                BlobObject blob = reg.blob();
                x.createWithId(blob.id(), WalrusObjects.blobType(x.ids), blobContents(blob));
                x.emit(new ChainEvent.BlobRegistered(blob.registeredEpoch(), blobId, size, encoding, blob.endEpoch(),
                        deletable, blob.id()));
                x.walrusStateChanged = true;
                return new PtbRunner.ObjectValue(blob.id());
            }
            case "certify_blob": {
                runner.arity(call, 5, 0);
                runner.system(a.get(0), false);
                Execution.Working blob = blob(a.get(1));
                StorageCertificate cert = new StorageCertificate(runner.byteVector(a.get(2)), runner.byteVector(a.get(3)),
                        runner.byteVector(a.get(4)));
                ObjectId id = blob.id;
                // every certify_blob of the transaction commits as ONE LocalChain transaction; each call is
                // dry-run with the calls before it
                List<dev.walrusstream.chain.CertificationBatch.Call> calls = new java.util.ArrayList<>(x.certifications);
                calls.add(new dev.walrusstream.chain.CertificationBatch.Call(id, cert));
                Supplier<Results.Certifications> op = () -> x.ledger.certifyBlobs(x.sender(),
                        new dev.walrusstream.chain.CertificationBatch(calls));
                x.extraComputationUnits += CERTIFY_UNITS;
                Results.Certifications all = dry(op);
                Results.Certification c = all.certifications().get(all.certifications().size() - 1);
                BlobObject b = c.blob();
                blob.contents = blobContents(b);
                x.emit(new ChainEvent.BlobCertified(b.certifiedEpoch(), b.blobId(), b.endEpoch(), b.deletable(), b.id(),
                        false));
                if (x.certifications.isEmpty()) {
                    x.commitLater("certify_blob", op);
                } else {
                    x.replaceCommit("certify_blobs", op);
                }
                x.certifications.add(new dev.walrusstream.chain.CertificationBatch.Call(id, cert));
                return PtbRunner.UNIT;
            }
            case "delete_blob": {
                runner.arity(call, 2, 0);
                runner.system(a.get(0), false);
                Execution.Working blob = blob(a.get(1));
                ObjectId id = blob.id;
                Supplier<Results.Deletion> op = () -> x.ledger.deleteBlob(x.sender(), id);
                Results.Deletion d = dry(op);
                BlobObject before = x.ledger.blobObject(id).orElseThrow();
                runner.metadata().deleteWith(blob.id);
                x.delete(blob.id);
                StorageResource s = d.storage();
                x.createWithId(s.id(), WalrusObjects.storageType(x.ids), storageContents(s));
                x.emit(new ChainEvent.BlobDeleted(x.ledger.info().epoch(), before.blobId(), before.endEpoch(), before.id(),
                        before.isCertified()));
                x.commitLater("delete_blob", op);
                return new PtbRunner.ObjectValue(s.id());
            }
            case "extend_blob": {
                runner.arity(call, 4, 0);
                runner.system(a.get(0), true);
                Execution.Working blob = blob(a.get(1));
                int epochs = epochs(runner.u32(a.get(2)));
                Execution.Working coin = walCoin(a.get(3));
                ObjectId id = blob.id;
                // every extend_blob of the transaction commits as ONE LocalChain transaction; each call is
                // dry-run with the calls before it, so capacity and funds count the whole batch
                List<LocalLedger.BlobExtension> calls = new java.util.ArrayList<>(x.extensions);
                calls.add(new LocalLedger.BlobExtension(id, epochs));
                Supplier<Results.Extensions> op = () -> x.ledger.extendBlobs(x.sender(), calls);
                Results.Extensions all = dry(op);
                Results.Extension e = all.extensions().get(all.extensions().size() - 1);
                charge(coin, e.cost());
                BlobObject b = e.blob();
                blob.contents = blobContents(b);
                x.emit(new ChainEvent.BlobCertified(b.certifiedEpoch(), b.blobId(), b.endEpoch(), b.deletable(), b.id(),
                        true));
                if (x.extensions.isEmpty()) {
                    x.commitLater("extend_blob", op);
                } else {
                    x.replaceCommit("extend_blobs", op);
                }
                x.extensions.add(new LocalLedger.BlobExtension(id, epochs));
                x.walrusStateChanged = true;
                return PtbRunner.UNIT;
            }
            default:
                throw runner.fail(ExecutionErrorKind.FUNCTION_NOT_FOUND, "function " + call.target()
                        + " is not available on this local Sui ledger");
        }
    }

    /** A Storage returned by reserve_space becomes an object owned by {@code owner} (reserve only). */
    void materialise(PtbRunner.PendingStorage p, SuiAddress owner) {
        if (p.consumed) {
            throw runner.fail(ExecutionErrorKind.COMMAND_ARGUMENT_ERROR, "the Storage of command " + p.command
                    + " was already used");
        }
        if (p.deferred) {
            throw Failure.of(ExecutionErrorKind.FEATURE_NOT_YET_SUPPORTED, p.command, "this local Sui ledger commits "
                    + "a Storage reserved after a registration of the same transaction only through register_blob");
        }
        p.consumed = true;
        StorageResource s = p.dryRun.storage();
        Execution.Working w = x.createWithId(s.id(), WalrusObjects.storageType(x.ids), storageContents(s));
        w.owner = new Owner.AddressOwner(owner);
    }

    private <T> T dry(Supplier<T> op) {
        try {
            return x.ledger.dryRun(op);
        } catch (ChainException.RuleViolation v) {
            throw Failure.ofRule(x.command, x.ids.originalPackage(), v);
        }
    }

    private int epochs(long value) {
        if (value > Integer.MAX_VALUE) {
            throw Failure.abort(x.command, x.ids.originalPackage(), "system_state_inner", "reserve_space", 2,
                    "EInvalidEpochsAhead: " + value + " epochs");
        }
        return (int) value;
    }

    private Execution.Working walCoin(Argument a) {
        Execution.Working coin = runner.coin(a);
        String wal = StoredObject.COIN_PREFIX + x.ids.walCoinType() + ">";
        if (!coin.type.equals(wal)) {
            throw runner.fail(ExecutionErrorKind.TYPE_ARGUMENT_ERROR, "payment coin " + coin.id + " is a " + coin.type
                    + ", the function takes Coin<" + x.ids.walCoinType() + ">");
        }
        return coin;
    }

    private void charge(Execution.Working coin, long amount) {
        long balance = StoredObjectView.balance(coin.contents);
        if (amount > balance) {
            throw Failure.notEnough(x.command, "INSUFFICIENT_BALANCE: payment coin " + coin.id + " holds " + balance
                    + " FROST, the call costs " + amount);
        }
        coin.contents = StoredObject.coinContents(coin.id, balance - amount);
    }

    private Execution.Working blob(Argument a) {
        return runner.object(a, WalrusObjects.blobType(x.ids));
    }

    static byte[] blobContents(BlobObject b) {
        return WalrusContents.blob(b);
    }

    static byte[] storageContents(StorageResource s) {
        return WalrusContents.storage(s);
    }
}

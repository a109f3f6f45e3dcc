package dev.walrusstream.devnet.sui.internal;

import com.google.protobuf.ByteString;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.ChainEvent;
import dev.walrusstream.devnet.ledger.LocalLedger;
import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.devnet.sui.LocalSuiIds;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.proto.Bcs;
import dev.walrusstream.sui.rpc.proto.Event;
import dev.walrusstream.sui.rpc.proto.ExecutionError;
import dev.walrusstream.sui.tx.TransactionData;
import dev.walrusstream.sui.walrus.WalrusEvents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The working state of one programmable transaction: objects as changed so far (existing ones and
 * new ones), deletions, events, and the one LocalChain transaction it will commit. Nothing touches
 * the ledger or the object store until the transaction succeeds.
 */
public final class Execution {
    /** One object as the transaction leaves it; {@code owner} null while a new object has no owner yet. */
    static final class Working {
        final ObjectId id;
        final String type;
        byte[] contents;
        Owner owner;
        final boolean created;

        Working(ObjectId id, String type, byte[] contents, Owner owner, boolean created) {
            this.id = id;
            this.type = type;
            this.contents = contents;
            this.owner = owner;
            this.created = created;
        }
    }

    final ObjectStore store;
    final LocalLedger ledger;
    final LocalSuiIds ids;
    final TransactionData tx;
    final SuiDigest digest;
    final Map<ObjectId, Working> objects = new LinkedHashMap<>();
    final Set<ObjectId> deleted = new LinkedHashSet<>();
    /** Existing child objects (dynamic fields) the transaction changed or deleted: written like inputs. */
    final Set<ObjectId> children = new LinkedHashSet<>();
    final List<Event> events = new ArrayList<>();
    /** The LocalChain transaction to commit when everything succeeded, and its kind. */
    Supplier<?> ledgerCommit;
    String ledgerKind;
    /** The {@code certify_blob} calls so far: they commit together as one LocalChain transaction. */
    final List<dev.walrusstream.chain.CertificationBatch.Call> certifications = new ArrayList<>();
    /** The {@code extend_blob} calls so far: they commit together as one LocalChain transaction. */
    final List<LocalLedger.BlobExtension> extensions = new ArrayList<>();
    /** The reserve_space + register_blob pairs so far: they commit together as one LocalChain transaction. */
    final List<LocalLedger.BlobRegistration> registrations = new ArrayList<>();
    /** True when Walrus's state (epoch, capacity, committee) changes: the System inner field is rewritten. */
    boolean walrusStateChanged;
    /** Extra computation units (for instance a certificate's signature check). */
    long extraComputationUnits;
    int command;
    private int createdCount;

    Execution(ObjectStore store, LocalLedger ledger, LocalSuiIds ids, TransactionData tx, SuiDigest digest) {
        this.store = store;
        this.ledger = ledger;
        this.ids = ids;
        this.tx = tx;
        this.digest = digest;
    }

    SuiAddress sender() {
        return tx.sender();
    }

    /** The object as this transaction sees it, or null when it does not exist (or was deleted). */
    Working get(ObjectId id) {
        if (deleted.contains(id)) {
            return null;
        }
        Working w = objects.get(id);
        if (w == null) {
            StoredObject o = store.get(id);
            if (o == null) {
                return null;
            }
            w = new Working(id, o.type(), o.contents(), o.owner(), false);
            objects.put(id, w);
        }
        return w;
    }

    /** A new object with a fresh ID (derived from the transaction digest and a counter, as Sui does). */
    Working create(String type, byte[] contentsWithoutId) {
        ObjectId id = freshId();
        byte[] contents = new byte[32 + contentsWithoutId.length];
        System.arraycopy(id.bytes(), 0, contents, 0, 32);
        System.arraycopy(contentsWithoutId, 0, contents, 32, contentsWithoutId.length);
        return createWithId(id, type, contents);
    }

    /** A new object whose ID was chosen elsewhere (LocalChain's blob and storage objects). */
    Working createWithId(ObjectId id, String type, byte[] contents) {
        Working w = new Working(id, type, contents, null, true);
        objects.put(id, w);
        deleted.remove(id);
        return w;
    }

    ObjectId freshId() {
        return ObjectId.of(new Blake2b256().update(digest.bytes()).update(new BcsWriter(8).u64(createdCount++)
                .toByteArray()).finish());
    }

    void delete(ObjectId id) {
        Working w = objects.remove(id);
        if (w == null || !w.created) {
            deleted.add(id);
        }
    }

    void emit(ChainEvent e) {
        emit(WalrusEvents.name(e), WalrusEvents.encode(e));
    }

    void emit(String name, byte[] bcs) {
        events.add(Event.newBuilder().setPackageId(ids.currentPackage().toString()).setModule("system")
                .setSender(sender().toString()).setEventType(ids.walrusType(WalrusEvents.MODULE, name))
                .setContents(Bcs.newBuilder().setName(name).setValue(ByteString.copyFrom(bcs))).build());
    }

    /** Records the LocalChain transaction to commit; one per Sui transaction (several extend_blob calls make one). */
    void commitLater(String kind, Supplier<?> commit) {
        if (ledgerCommit != null) {
            throw Failure.of(ExecutionError.ExecutionErrorKind.FEATURE_NOT_YET_SUPPORTED, command,
                    "this local Sui ledger runs one Walrus call per transaction (reserve_space feeding register_blob "
                            + "counts as one); it already has " + ledgerKind + ", then " + kind);
        }
        ledgerKind = kind;
        ledgerCommit = commit;
    }

    /** Replaces the pending LocalChain transaction (reserve_space then register_blob become one). */
    void replaceCommit(String kind, Supplier<?> commit) {
        ledgerKind = kind;
        ledgerCommit = commit;
    }
}

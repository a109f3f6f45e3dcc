package dev.walrusstream.devnet.sui.internal;

import dev.walrusstream.codec.bcs.BcsReader;
import dev.walrusstream.codec.bcs.BcsWriter;
import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.rpc.Owner;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One object of the local Sui ledger at its current version: owner, Move type (canonical, full
 * addresses), the Move struct's BCS, the storage fee it was charged (rebated when it changes) and
 * the transaction that last wrote it. The digest is Blake2b-256 over ID, version, type, owner and
 * contents.
 */
public record StoredObject(ObjectId id, long version, SuiDigest digest, Owner owner, String type, byte[] contents,
                           long storageCost, SuiDigest previousTransaction) {
    public static final String COIN_PREFIX = "0x0000000000000000000000000000000000000000000000000000000000000002::coin::Coin<";

    public StoredObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(type, "type");
        contents = contents.clone();
    }

    /** A new version of an object, with its digest computed. */
    public static StoredObject of(ObjectId id, long version, Owner owner, String type, byte[] contents, long storageCost,
                                  SuiDigest previousTransaction) {
        return new StoredObject(id, version, digestOf(id, version, owner, type, contents), owner, type, contents,
                storageCost, previousTransaction);
    }

    @Override
    public byte[] contents() {
        return contents.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredObject s && s.id.equals(id) && s.version == version && s.digest.equals(digest)
                && s.owner.equals(owner) && s.type.equals(type) && java.util.Arrays.equals(s.contents, contents)
                && s.storageCost == storageCost && Objects.equals(s.previousTransaction, previousTransaction);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version, digest);
    }

    @Override
    public String toString() {
        return "StoredObject[" + id + "@" + version + " " + type + ", owner " + owner + ", " + contents.length
                + " bytes]";
    }

    public int size() {
        return contents.length;
    }

    public ObjectRef ref() {
        return new ObjectRef(id, version, digest);
    }

    public boolean isCoin() {
        return type.startsWith(COIN_PREFIX);
    }

    /** {@code T} of a {@code Coin<T>}. */
    public String coinType() {
        if (!isCoin()) {
            throw new IllegalStateException("object " + id + " of type " + type + " is not a coin");
        }
        return type.substring(COIN_PREFIX.length(), type.length() - 1);
    }

    /** Balance of a coin ({@code Coin<T> {id, balance: Balance<T> {value: u64}}}). */
    public long balance() {
        BcsReader r = new BcsReader(contents);
        r.fixedBytes(32);
        return r.u64();
    }

    public static byte[] coinContents(ObjectId id, long balance) {
        return new BcsWriter(40).fixedBytes(id.bytes()).u64(balance).toByteArray();
    }

    public boolean ownedBy(SuiAddress address) {
        return owner instanceof Owner.AddressOwner a && a.address().equals(address);
    }

    public boolean isShared() {
        return owner instanceof Owner.Shared;
    }

    /** The same object at {@code newVersion} with new contents and owner, written by {@code tx}. */
    public StoredObject next(long newVersion, Owner newOwner, byte[] newContents, long newStorageCost, SuiDigest tx) {
        return of(id, newVersion, newOwner, type, newContents, newStorageCost, tx);
    }

    static SuiDigest digestOf(ObjectId id, long version, Owner owner, String type, byte[] contents) {
        Blake2b256 h = new Blake2b256().update(id.bytes()).update(new BcsWriter(8).u64(version).toByteArray())
                .update(type.getBytes(StandardCharsets.UTF_8)).update(owner.toString().getBytes(StandardCharsets.UTF_8))
                .update(contents);
        return SuiDigest.of(h.finish());
    }
}

package dev.walrusstream.sui.fake;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;

/** An object in the fake ledger. Owner: an address, or shared (initialSharedVersion > 0). */
public record StoredObject(ObjectId id, long version, SuiDigest digest, SuiAddress owner, long initialSharedVersion,
                    String type, long balance, byte[] contents) {

    public boolean shared() {
        return initialSharedVersion > 0;
    }

    public ObjectRef ref() {
        return new ObjectRef(id, version, digest);
    }

    StoredObject at(long newVersion, SuiDigest newDigest) {
        return new StoredObject(id, newVersion, newDigest, owner, initialSharedVersion, type, balance, contents);
    }

    StoredObject withOwner(SuiAddress newOwner) {
        return new StoredObject(id, version, digest, newOwner, initialSharedVersion, type, balance, contents);
    }

    StoredObject withBalance(long newBalance) {
        return new StoredObject(id, version, digest, owner, initialSharedVersion, type, newBalance, contents);
    }

    StoredObject withContents(byte[] newContents) {
        return new StoredObject(id, version, digest, owner, initialSharedVersion, type, balance, newContents);
    }
}

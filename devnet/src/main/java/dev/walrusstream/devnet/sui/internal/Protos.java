package dev.walrusstream.devnet.sui.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.walrusstream.sui.rpc.Owner;
import dev.walrusstream.sui.rpc.proto.Bcs;

/** Small conversions into sui.rpc.v2 messages. */
public final class Protos {
    private Protos() {
    }

    public static dev.walrusstream.sui.rpc.proto.Owner owner(Owner o) {
        var b = dev.walrusstream.sui.rpc.proto.Owner.newBuilder();
        if (o instanceof Owner.AddressOwner a) {
            b.setKind(dev.walrusstream.sui.rpc.proto.Owner.OwnerKind.ADDRESS).setAddress(a.address().toString());
        } else if (o instanceof Owner.ObjectOwner p) {
            b.setKind(dev.walrusstream.sui.rpc.proto.Owner.OwnerKind.OBJECT).setAddress(p.parent().toString());
        } else if (o instanceof Owner.Shared s) {
            b.setKind(dev.walrusstream.sui.rpc.proto.Owner.OwnerKind.SHARED).setVersion(s.initialSharedVersion());
        } else if (o instanceof Owner.Immutable) {
            b.setKind(dev.walrusstream.sui.rpc.proto.Owner.OwnerKind.IMMUTABLE);
        }
        return b.build();
    }

    public static dev.walrusstream.sui.rpc.proto.Object object(StoredObject o) {
        var b = dev.walrusstream.sui.rpc.proto.Object.newBuilder().setObjectId(o.id().toString())
                .setVersion(o.version()).setDigest(o.digest().toString()).setOwner(owner(o.owner()))
                .setObjectType(o.type()).setHasPublicTransfer(o.owner() instanceof Owner.AddressOwner)
                .setContents(Bcs.newBuilder().setName(o.type()).setValue(ByteString.copyFrom(o.contents())))
                .setStorageRebate(o.storageCost());
        if (o.previousTransaction() != null) {
            b.setPreviousTransaction(o.previousTransaction().toString());
        }
        if (o.isCoin()) {
            b.setBalance(o.balance());
        }
        return b.build();
    }

    public static Timestamp timestamp(long millis) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(millis, 1000))
                .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000).build();
    }
}

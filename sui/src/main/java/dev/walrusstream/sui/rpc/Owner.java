package dev.walrusstream.sui.rpc;

import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.codec.ids.SuiAddress;

/** Who owns an object, as the gRPC API reports it. */
public sealed interface Owner
        permits Owner.AddressOwner, Owner.ObjectOwner, Owner.Shared, Owner.Immutable, Owner.ConsensusAddress,
        Owner.Unknown {

    record AddressOwner(SuiAddress address) implements Owner {
    }

    record ObjectOwner(ObjectId parent) implements Owner {
    }

    /** A shared object; the version is the one at which it became shared (needed to use it as input). */
    record Shared(long initialSharedVersion) implements Owner {
    }

    record Immutable() implements Owner {
    }

    record ConsensusAddress(long startVersion, SuiAddress address) implements Owner {
    }

    record Unknown() implements Owner {
    }
}

package dev.walrusstream.sui.rpc;

import java.util.List;

/**
 * A Move package's identity and type origins: for each struct the package that first defined it,
 * which is the address event types carry.
 */
public record MovePackage(String storageId, String originalId, long version, List<TypeOrigin> typeOrigins) {
    public record TypeOrigin(String module, String datatype, String packageId) {
    }

    public MovePackage {
        typeOrigins = List.copyOf(typeOrigins);
    }
}

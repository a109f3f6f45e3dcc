package dev.walrusstream.devnet.sui;

import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.sui.DynamicFieldId;
import dev.walrusstream.codec.ids.ObjectId;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The well-known objects of a local Sui ledger, derived from its chain ID: the Walrus package as
 * first published ({@code originalPackage}, which names every Walrus type and event, like Walrus's
 * type origins) and as upgraded ({@code currentPackage}, the one {@code System.package_id} points
 * to and transactions must call), the shared System and Staking objects with their inner-state
 * fields, the staking pools table, and the WAL coin type.
 */
public record LocalSuiIds(String chainId, ObjectId originalPackage, ObjectId currentPackage, ObjectId systemObject,
                          ObjectId systemInnerField, ObjectId stakingObject, ObjectId stakingInnerField,
                          ObjectId poolsTable, ObjectId walPackage) {
    /** The version key of the System and Staking inner-state fields. */
    public static final long INNER_VERSION = 1;
    /** Initial shared version of System and Staking (they are shared at genesis). */
    public static final long INITIAL_SHARED_VERSION = 1;

    public LocalSuiIds {
        Objects.requireNonNull(chainId, "chainId");
    }

    public static LocalSuiIds of(String chainId) {
        ObjectId system = derive(chainId, "walrus system");
        ObjectId staking = derive(chainId, "walrus staking");
        return new LocalSuiIds(chainId, derive(chainId, "walrus package v1"), derive(chainId, "walrus package v2"),
                system, DynamicFieldId.ofU64(system, INNER_VERSION), staking,
                DynamicFieldId.ofU64(staking, INNER_VERSION), derive(chainId, "walrus staking pools"),
                derive(chainId, "wal package"));
    }

    /** {@code <wal package>::wal::WAL}. */
    public String walCoinType() {
        return walPackage + "::wal::WAL";
    }

    /** A Walrus type by module and name, as Sui names it (defining package). */
    public String walrusType(String module, String name) {
        return originalPackage + "::" + module + "::" + name;
    }

    /** An ID derived from the chain ID and a label (deterministic, distinct per label). */
    public static ObjectId derive(String chainId, String label) {
        return ObjectId.of(new Blake2b256().update(("walrus-stream local sui\0" + chainId + "\0" + label)
                .getBytes(StandardCharsets.UTF_8)).finish());
    }
}

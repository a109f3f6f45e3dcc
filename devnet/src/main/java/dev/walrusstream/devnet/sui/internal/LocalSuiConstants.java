package dev.walrusstream.devnet.sui.internal;

/** Fixed names of the local Sui ledger. */
public final class LocalSuiConstants {
    /** {@code 0x2::sui::SUI} in canonical form. */
    public static final String SUI_COIN_TYPE =
            "0x0000000000000000000000000000000000000000000000000000000000000002::sui::SUI";
    /** The address system transactions (genesis, epoch changes, faucet) come from. */
    public static final String SYSTEM_SENDER =
            "0x0000000000000000000000000000000000000000000000000000000000000000";
    /** Sui's own epoch on this ledger (Walrus epochs are independent of it). */
    public static final long SUI_EPOCH = 1;

    /**
     * The type of a package planted with {@code LocalSui.plantAbortingPackage}: Sui gives packages the object type
     * {@code package}; its contents are the BCS u64 abort code every function of it aborts with.
     */
    public static final String PACKAGE_TYPE = "package";

    private LocalSuiConstants() {
    }
}

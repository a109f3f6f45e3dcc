package dev.walrusstream.sui.keys;

/** Sui signature scheme flags (first byte of a serialized signature, a key and an address preimage). */
public enum SignatureScheme {
    ED25519(0x00),
    SECP256K1(0x01),
    SECP256R1(0x02),
    MULTISIG(0x03),
    BLS12381(0x04),
    ZKLOGIN(0x05),
    PASSKEY(0x06);

    private final int flag;

    SignatureScheme(int flag) {
        this.flag = flag;
    }

    public int flag() {
        return flag;
    }

    /** The scheme for a flag byte, or null when the flag is unknown. */
    public static SignatureScheme ofFlag(int flag) {
        for (SignatureScheme s : values()) {
            if (s.flag == flag) {
                return s;
            }
        }
        return null;
    }

    public static String describe(int flag) {
        SignatureScheme s = ofFlag(flag);
        return (s == null ? "unknown scheme" : s.name()) + String.format(" (flag 0x%02x)", flag);
    }
}

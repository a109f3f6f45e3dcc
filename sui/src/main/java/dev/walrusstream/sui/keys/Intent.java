package dev.walrusstream.sui.keys;

import dev.walrusstream.codec.hash.Blake2b256;

/**
 * The three-byte intent prefix a Sui signature commits to: scope, version, app id. A signer
 * signs Blake2b-256(intent ‖ BCS(value)).
 */
public record Intent(int scope, int version, int appId) {
    /** TransactionData, version V0, app Sui: {@code [0, 0, 0]}. */
    public static final Intent TRANSACTION_DATA = new Intent(0, 0, 0);
    /** Personal message, version V0, app Sui: {@code [3, 0, 0]}; the value is BCS {@code vector<u8>}. */
    public static final Intent PERSONAL_MESSAGE = new Intent(3, 0, 0);

    public Intent {
        for (int v : new int[] {scope, version, appId}) {
            if (v < 0 || v > 0xFF) {
                throw new IllegalArgumentException("intent bytes must be 0..255, got " + v);
            }
        }
    }

    public byte[] prefix() {
        return new byte[] {(byte) scope, (byte) version, (byte) appId};
    }

    /** intent ‖ bcs. */
    public byte[] message(byte[] bcs) {
        byte[] out = new byte[3 + bcs.length];
        out[0] = (byte) scope;
        out[1] = (byte) version;
        out[2] = (byte) appId;
        System.arraycopy(bcs, 0, out, 3, bcs.length);
        return out;
    }

    /** Blake2b-256(intent ‖ bcs): the 32 bytes Ed25519 signs. */
    public byte[] signingDigest(byte[] bcs) {
        return new Blake2b256().update(prefix()).update(bcs).finish();
    }
}

package dev.walrusstream.sui.tx;

import dev.walrusstream.codec.hash.Blake2b256;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.tx.internal.TransactionReader;
import dev.walrusstream.sui.tx.internal.TransactionWriter;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code TransactionData::V1} with a programmable transaction: what a sender signs. {@link #toBcs()}
 * and {@link #fromBcs(byte[])} are exact inverses; {@link #digest()} is the transaction digest.
 */
public record TransactionData(ProgrammableTransaction kind, SuiAddress sender, GasData gasData,
                              TransactionExpiration expiration) {
    private static final byte[] DIGEST_PREFIX = "TransactionData::".getBytes(StandardCharsets.US_ASCII);

    public TransactionData {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(gasData, "gasData");
        Objects.requireNonNull(expiration, "expiration");
    }

    public byte[] toBcs() {
        return TransactionWriter.write(this);
    }

    /** Decodes BCS; a malformed body throws {@link dev.walrusstream.codec.bcs.BcsException} naming the offset. */
    public static TransactionData fromBcs(byte[] bcs) {
        return TransactionReader.read(bcs);
    }

    /** Blake2b-256("TransactionData::" ‖ BCS), shown in Base58 by Sui. */
    public SuiDigest digest() {
        return digestOf(toBcs());
    }

    public static SuiDigest digestOf(byte[] bcs) {
        return SuiDigest.of(new Blake2b256().update(DIGEST_PREFIX).update(bcs).finish());
    }

    public TransactionData withGasData(GasData newGas) {
        return new TransactionData(kind, sender, newGas, expiration);
    }
}

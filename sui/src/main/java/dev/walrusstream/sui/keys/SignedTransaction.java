package dev.walrusstream.sui.keys;

import dev.walrusstream.sui.SuiDigest;
import dev.walrusstream.sui.tx.TransactionData;

import java.util.List;
import java.util.Objects;

/** A transaction with the signatures that authorize it (sender, plus sponsor if the gas owner differs). */
public record SignedTransaction(TransactionData data, List<SuiSignature> signatures) {
    public SignedTransaction {
        Objects.requireNonNull(data, "data");
        signatures = List.copyOf(signatures);
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("a transaction needs at least one signature");
        }
    }

    public static SignedTransaction sign(TransactionData data, SuiKeyPair sender) {
        if (!sender.address().equals(data.sender())) {
            throw new IllegalArgumentException("key of " + sender.address() + " cannot sign for sender " + data.sender());
        }
        return new SignedTransaction(data, List.of(sender.signTransaction(data)));
    }

    public SuiDigest digest() {
        return data.digest();
    }
}

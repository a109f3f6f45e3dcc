package dev.walrusstream.sui.tx;

import dev.walrusstream.sui.ObjectRef;
import dev.walrusstream.codec.ids.SuiAddress;

import java.util.List;
import java.util.Objects;

/**
 * Who pays for gas and how much: payment coins (SUI coin refs, merged into one gas coin at
 * execution), the owner of those coins, the gas price (≥ the epoch's reference price) and the
 * budget in MIST. Price and budget are u64; Java longs here are read unsigned.
 */
public record GasData(List<ObjectRef> payment, SuiAddress owner, long price, long budget) {
    public GasData {
        payment = List.copyOf(payment);
        Objects.requireNonNull(owner, "owner");
    }

    public GasData withBudget(long newBudget) {
        return new GasData(payment, owner, price, newBudget);
    }

    public GasData withPayment(List<ObjectRef> newPayment) {
        return new GasData(newPayment, owner, price, budget);
    }
}

package dev.walrusstream.sui.walrus;

import dev.walrusstream.sui.coins.Coin;
import dev.walrusstream.sui.tx.Argument;
import dev.walrusstream.sui.tx.CallArg;
import dev.walrusstream.sui.tx.PtbBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The WAL coin a transaction charges in place ({@code &mut Coin<WAL>}), as the Rust client does:
 * the first coin is the payment coin; further coins are merged into it with one MergeCoins
 * before the first call that uses it. Nothing is split off, so a price change between reading
 * and executing cannot strand a remainder.
 */
public final class WalCoinArgument {
    /** Coins merged into one payment coin at most (keeps the PTB far below Sui's argument limits). */
    public static final int MAX_COINS = 256;

    private final PtbBuilder ptb;
    private final List<Coin> coins;
    private Argument argument;

    public WalCoinArgument(PtbBuilder ptb, List<Coin> coins) {
        if (coins.isEmpty()) {
            throw new IllegalArgumentException("no WAL coin to pay with");
        }
        if (coins.size() > MAX_COINS) {
            throw new IllegalArgumentException(coins.size() + " WAL coins given, at most " + MAX_COINS
                    + " can be merged in one transaction; merge coins first");
        }
        String type = coins.get(0).coinType();
        for (Coin c : coins) {
            if (!c.coinType().equals(type)) {
                throw new IllegalArgumentException("WAL coins of different types: " + type + " and " + c.coinType());
            }
        }
        this.ptb = ptb;
        this.coins = List.copyOf(coins);
    }

    /** The payment coin argument; the first call adds the inputs (and the merge). */
    public Argument get() {
        if (argument == null) {
            argument = ptb.input(new CallArg.ImmOrOwnedObject(coins.get(0).ref()));
            if (coins.size() > 1) {
                List<Argument> sources = new ArrayList<>();
                for (Coin c : coins.subList(1, coins.size())) {
                    sources.add(ptb.input(new CallArg.ImmOrOwnedObject(c.ref())));
                }
                ptb.mergeCoins(argument, sources);
            }
        }
        return argument;
    }

    public long totalBalance() {
        long total = 0;
        for (Coin c : coins) {
            total = Math.addExact(total, c.balance());
        }
        return total;
    }
}

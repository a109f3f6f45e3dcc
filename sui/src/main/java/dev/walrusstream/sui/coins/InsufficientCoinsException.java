package dev.walrusstream.sui.coins;

import dev.walrusstream.codec.ids.SuiAddress;

/**
 * Not enough free coin balance for a lease: carries what was needed, what is free, what other
 * writers hold leased right now, and how many coins are waiting for the node to show their new
 * version.
 */
public final class InsufficientCoinsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String coinType;
    private final long needed;
    private final long free;
    private final long leased;

    public InsufficientCoinsException(SuiAddress owner, String coinType, long needed, long free, int freeCoins,
                                      long leased, int leasedCoins, int pendingCoins, int maxCoins) {
        super("insufficient " + coinType + " for " + owner + ": need " + needed + ", free " + free + " in "
                + freeCoins + " coins (at most " + maxCoins + " used per transaction), " + leased + " in "
                + leasedCoins + " coins leased to other writers, " + pendingCoins
                + " coins waiting for their new version to be visible");
        this.coinType = coinType;
        this.needed = needed;
        this.free = free;
        this.leased = leased;
    }

    public String coinType() {
        return coinType;
    }

    public long needed() {
        return needed;
    }

    public long free() {
        return free;
    }

    public long leased() {
        return leased;
    }
}

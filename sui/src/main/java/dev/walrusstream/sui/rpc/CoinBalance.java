package dev.walrusstream.sui.rpc;

/**
 * An owner's balance of one coin type: in coin objects and in the address balance (an address
 * balance cannot be charged in place by the coin-object transactions this client builds).
 */
public record CoinBalance(String coinType, long total, long coinBalance, long addressBalance) {
}

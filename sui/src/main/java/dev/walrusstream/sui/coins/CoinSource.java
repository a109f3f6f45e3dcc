package dev.walrusstream.sui.coins;

import dev.walrusstream.codec.ids.SuiAddress;

import java.util.List;

/** Reads an owner's coins of one type with current versions and balances (e.g. {@code SuiClient::listCoins}). */
@FunctionalInterface
public interface CoinSource {
    List<Coin> coins(SuiAddress owner, String coinType);
}

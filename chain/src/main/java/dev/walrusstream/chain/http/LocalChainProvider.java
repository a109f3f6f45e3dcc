package dev.walrusstream.chain.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainProvider;
import dev.walrusstream.chain.ChainSpec;

import java.nio.file.Path;
import java.util.Map;

/**
 * Chains of kind {@code "local"}: a LocalChain development ledger reached over HTTP/JSON at
 * {@code chain.url} ({@link LocalChainHttpClient}).
 */
public final class LocalChainProvider implements ChainProvider {
    public static final String KIND = "local";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String description() {
        return "LocalChain, a development ledger reached over HTTP, not Sui";
    }

    @Override
    public ChainSpec read(JsonNode section, SuiAddress account, Path base) {
        String url = section.path("url").asText(null);
        if (url == null) {
            throw new IllegalArgumentException("has no chain.url");
        }
        return new ChainSpec(KIND, url, account, Map.of());
    }

    @Override
    public void check(ChainSpec spec, boolean readOnly) {
        if (spec.url() == null || spec.url().isBlank()) {
            throw new IllegalArgumentException("a local chain needs its url");
        }
    }

    @Override
    public Chain open(ChainSpec spec, boolean readOnly) {
        return new LocalChainHttpClient(spec.url(), readOnly ? null : spec.account());
    }
}

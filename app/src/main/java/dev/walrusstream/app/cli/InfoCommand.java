package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.codec.text.ByteSize;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.codec.CodecException;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.sui.chain.SuiChain;
import dev.walrusstream.sui.config.SuiServices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code walrus-stream info}: the chain, its Walrus parameters and prices, the account's balances, a cost estimate. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the chain (LocalChain or Sui), Walrus's epoch, shards, committee and prices read from the "
                + "System object, the account's WAL (and SUI for gas), and what storing a blob of --size bytes for "
                + "--epochs epochs costs. Nothing is paid.")
public final class InfoCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Option(names = "--size", paramLabel = "SIZE", description = "Blob size to estimate the cost of (e.g. 10MiB).")
    String size;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "1", description = "Epochs for the estimate (default: 1).")
    int epochs;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        ClientConfig cfg = chainSelection.read();
        try (Chain chain = cfg.openChain()) {
            ChainInfo info = chain.info();
            int members = chain.committee().size();
            ObjectNode o = WalrusJson.JSON.createObjectNode();
            o.put("kind", info.kind()).put("description", info.description()).put("chainId", info.chainId())
                    .put("epoch", info.epoch()).put("nShards", info.nShards()).put("committeeSize", members)
                    .put("maxEpochsAhead", info.maxEpochsAhead())
                    .put("storagePricePerUnitSize", info.storagePricePerUnitSize())
                    .put("writePricePerUnitSize", info.writePricePerUnitSize()).put("unitSize", ChainInfo.UNIT_SIZE);
            if (chain.account().isPresent()) {
                SuiAddress a = chain.account().get();
                o.put("account", a.hex()).put("walBalance", chain.balance(a));
                if (chain instanceof SuiChain sui) {
                    o.put("suiBalance", sui.client().balance(a, SuiServices.SUI_COIN_TYPE).total());
                }
            }
            if (size != null) {
                long bytes = ByteSize.parse(size);
                long encoded;
                try {
                    encoded = RedStuffParams.of(info.nShards()).encodedLength(bytes);
                } catch (CodecException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                ObjectNode c = o.putObject("estimate");
                c.put("size", bytes).put("epochs", epochs).put("encodedSize", encoded)
                        .put("units", ChainInfo.storageUnits(encoded))
                        .put("storageCost", info.storageCost(encoded, epochs)).put("writeCost", info.writeCost(encoded))
                        .put("totalWal", info.storageCost(encoded, epochs) + info.writeCost(encoded));
            }
            if (json) {
                out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else {
                human(o);
            }
        }
        return 0;
    }

    private void human(ObjectNode o) {
        out.println("Chain: " + o.get("kind").asText() + " — " + o.get("description").asText());
        out.println("Walrus epoch " + o.get("epoch").asInt() + ", " + o.get("nShards").asInt() + " shards, "
                + o.get("committeeSize").asInt() + " storage nodes, blobs up to " + o.get("maxEpochsAhead").asInt()
                + " epochs ahead");
        out.println("Prices (per MiB of encoded size): storage " + o.get("storagePricePerUnitSize").asLong()
                + " FROST per epoch, write " + o.get("writePricePerUnitSize").asLong() + " FROST once (1 WAL = 10^9 FROST)");
        if (o.has("account")) {
            out.println("Account " + o.get("account").asText() + ": " + Sizes.wal(o.get("walBalance").asLong())
                    + (o.has("suiBalance") ? ", " + String.format("%.4f SUI", o.get("suiBalance").asLong() / 1e9)
                    + " for gas" : ""));
        }
        if (o.has("estimate")) {
            var e = o.get("estimate");
            long units = e.get("units").asLong();
            out.println("A blob of " + ByteSize.format(e.get("size").asLong()) + " encodes to "
                    + ByteSize.format(e.get("encodedSize").asLong()) + " = " + units + " units; for " + e.get("epochs").asInt()
                    + " epochs: storage " + units + " × " + o.get("storagePricePerUnitSize").asLong() + " × "
                    + e.get("epochs").asInt() + " + write " + units + " × " + o.get("writePricePerUnitSize").asLong()
                    + " = " + e.get("totalWal").asLong() + " FROST (" + Sizes.wal(e.get("totalWal").asLong())
                    + "), plus gas in SUI");
        }
    }
}

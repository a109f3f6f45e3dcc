package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.Results;
import dev.walrusstream.client.BlobLifecycle;
import dev.walrusstream.client.ClientConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code walrus-stream extend}: a certified blob object lives longer, as {@code walrus extend}. */
@Command(name = "extend", mixinStandardHelpOptions = true,
        description = "Extend a certified, unexpired blob object by N epochs or to an end epoch; pays for the storage.")
public final class ExtendCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Option(names = "--blob-obj-id", required = true, paramLabel = "ID", description = "The blob object (0x + 64 hex).")
    String blobObjectId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    How how;

    static class How {
        @Option(names = "--epochs-extended", paramLabel = "N", description = "Epochs to add to the end epoch.")
        Integer epochs;

        @Option(names = "--end-epoch", paramLabel = "E", description = "The new end epoch (exclusive).")
        Integer endEpoch;
    }

    @Option(names = "--json", description = "Print JSON: {blobObjectId, epochsExtended, endEpoch, cost, blobObject}.")
    boolean json;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        ObjectId id = parseObjectId(blobObjectId, "--blob-obj-id");
        ClientConfig cfg = chainSelection.read();
        try (Chain chain = cfg.openChain()) {
            BlobLifecycle lifecycle = new BlobLifecycle(chain);
            BlobObject before = lifecycle.require(id);
            Results.Extension x = how.epochs != null ? lifecycle.extendBy(id, how.epochs)
                    : lifecycle.extendTo(id, how.endEpoch);
            int extended = x.blob().endEpoch() - before.endEpoch();
            if (json) {
                ObjectNode o = WalrusJson.JSON.createObjectNode();
                o.put("blobObjectId", id.hex());
                o.put("epochsExtended", extended);
                o.put("endEpoch", x.blob().endEpoch());
                o.put("cost", x.cost());
                o.set("blobObject", WalrusJson.blobObject(x.blob()));
                out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else {
                out.println("Success: blob object " + id + " extended by " + extended + " epochs.");
                out.println("Blob ID: " + x.blob().blobId());
                out.println("Expiry epoch (exclusive): " + before.endEpoch() + " -> " + x.blob().endEpoch());
                out.println("Cost (excluding gas): " + Sizes.wal(x.cost()));
            }
        }
        return 0;
    }

    static ObjectId parseObjectId(String text, String option) {
        try {
            return ObjectId.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " must be an object ID (0x + 64 hex digits), got '" + text + "'");
        }
    }
}

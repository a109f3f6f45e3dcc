package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.ReadException;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code walrus-stream list-patches-in-quilt}: the index of a quilt, read from its index columns only. */
@Command(name = "list-patches-in-quilt", mixinStandardHelpOptions = true,
        description = "List the patches of a quilt: identifier, quilt patch ID and tags.")
public final class ListPatchesInQuiltCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Parameters(index = "0", paramLabel = "QUILT_ID", description = "The quilt's blob ID.")
    String quiltId;

    @Option(names = "--json", description = "Print JSON: [{identifier, patch_id, tags}] as Walrus's aggregator lists them.")
    boolean json;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        BlobId id = QuiltArguments.quiltId(quiltId, "QUILT_ID");
        ClientConfig cfg = chainSelection.read();
        List<QuiltEntry> entries;
        try (dev.walrusstream.chain.Chain chain = cfg.openChain();
             StorageClient client = new StorageClient(chain, cfg.options())) {
            entries = client.listQuiltPatches(id);
        } catch (ReadException e) {
            throw new IllegalStateException(e.reason() + ": " + e.getMessage(), e);
        }
        if (json) {
            ArrayNode a = WalrusJson.JSON.createArrayNode();
            for (QuiltEntry e : entries) {
                ObjectNode o = a.addObject();
                o.put("identifier", e.identifier());
                o.put("patch_id", new QuiltPatchId(id, e.startColumn(), e.endColumn()).text());
                o.set("tags", WalrusJson.JSON.valueToTree(e.tags()));
            }
            out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
        } else {
            out.println("Quilt " + id + ": " + entries.size() + " patches");
            for (QuiltEntry e : entries) {
                out.println("  " + e.identifier() + "  " + new QuiltPatchId(id, e.startColumn(), e.endColumn()).text()
                        + (e.tags().isEmpty() ? "" : "  " + e.tags()));
            }
        }
        return 0;
    }
}

package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.QuiltRead;
import dev.walrusstream.client.ReadException;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code walrus-stream read-quilt}: patches of a quilt, reading only their columns. */
@Command(name = "read-quilt", mixinStandardHelpOptions = true,
        description = "Read patches of a quilt into DIR (identifiers with '/' become sub-directories), fetching only the "
                + "secondary slivers (columns) of the wanted patches when the nodes have them.")
public final class ReadQuiltCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static class Selection {
        @ArgGroup(exclusive = false)
        ByQuilt byQuilt;

        @Option(names = "--quilt-patch-ids", arity = "1..*", paramLabel = "ID", description = "Quilt patch IDs to read.")
        List<String> patchIds;
    }

    static class ByQuilt {
        @Option(names = "--quilt-id", required = true, paramLabel = "ID", description = "The quilt's blob ID.")
        String quiltId;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;
    }

    static class Which {
        @Option(names = "--identifiers", arity = "1..*", paramLabel = "ID", description = "Identifiers of the patches.")
        List<String> identifiers;

        @Option(names = "--tag", arity = "2", paramLabel = "KEY VALUE", description = "Every patch whose tag KEY is VALUE.")
        List<String> tag;
    }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the patches to.")
    Path outDir;

    @Option(names = "--json", description = "Print JSON: [{identifier, path, size, tags, columns}].")
    boolean json;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        ClientConfig cfg = chainSelection.read();
        List<QuiltRead> reads = new ArrayList<>();
        try (dev.walrusstream.chain.Chain chain = cfg.openChain();
             StorageClient client = new StorageClient(chain, cfg.options())) {
            if (selection.patchIds != null) {
                for (String p : selection.patchIds) {
                    reads.add(client.readQuiltPatch(QuiltArguments.patchId(p, "--quilt-patch-ids")));
                }
            } else {
                BlobId quilt = QuiltArguments.quiltId(selection.byQuilt.quiltId, "--quilt-id");
                if (selection.byQuilt.which.identifiers != null) {
                    for (String identifier : selection.byQuilt.which.identifiers) {
                        reads.add(client.readQuiltPatch(quilt, identifier));
                    }
                } else {
                    List<String> tag = selection.byQuilt.which.tag;
                    reads.addAll(client.readQuiltPatchesByTag(quilt, tag.get(0), tag.get(1)));
                }
            }
        } catch (ReadException e) {
            throw new IllegalStateException(e.reason() + ": " + e.getMessage(), e);
        }
        // check every target before writing anything
        List<Path> targets = new ArrayList<>();
        for (QuiltRead r : reads) {
            targets.add(SafePaths.under(outDir, r.patch().identifier(), "quilt identifier"));
        }
        ArrayNode a = WalrusJson.JSON.createArrayNode();
        for (int i = 0; i < reads.size(); i++) {
            QuiltRead r = reads.get(i);
            Path target = targets.get(i);
            Files.createDirectories(target.getParent());
            Files.write(target, r.patch().data());
            if (json) {
                ObjectNode o = a.addObject();
                o.put("identifier", r.patch().identifier());
                o.put("path", target.toString());
                o.put("size", r.patch().data().length);
                o.set("tags", WalrusJson.JSON.valueToTree(r.patch().tags()));
                o.set("columns", WalrusJson.JSON.valueToTree(r.columnsFetched()));
                o.put("wholeQuiltRead", r.wholeBlobFallback());
            } else {
                out.println("Wrote " + r.patch().identifier() + " (" + r.patch().data().length + " bytes, "
                        + (r.wholeBlobFallback() ? "from the whole quilt" : r.columnsFetched().size() + " columns") + ") to "
                        + target);
            }
        }
        if (json) {
            out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
        } else if (reads.isEmpty()) {
            out.println("No patch matched.");
        }
        return 0;
    }
}

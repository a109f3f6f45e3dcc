package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.QuiltRead;
import dev.walrusstream.client.ReadException;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.dataset.BlobCache;
import dev.walrusstream.client.dataset.DatasetReader;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.crypto.EncryptionException;
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
                + "secondary slivers (columns) of the wanted patches when the nodes have them. A quilt the pipeline encrypted "
                + "is read whole and opened with --key-file/--key-source (refused without it, naming the key ID).")
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

    @picocli.CommandLine.Mixin
    KeyOptions keyOptions = new KeyOptions();

    PrintStream out = System.out;

    /** A patch of an encrypted quilt: the whole quilt was read and opened, so every column counts as fetched. */
    private static QuiltRead opened(DatasetReader reader, QuiltPatchId id) throws ReadException, InterruptedException,
            EncryptionException {
        List<Integer> columns = new ArrayList<>();
        for (int c = id.startColumn(); c < id.endColumn(); c++) {
            columns.add(c);
        }
        return new QuiltRead(reader.patch(id, null), columns, true);
    }

    private static QuiltPatchId patchOf(DatasetReader reader, BlobId quilt, String identifier) throws ReadException,
            InterruptedException, EncryptionException {
        for (QuiltEntry e : reader.patches(quilt)) {
            if (e.identifier().equals(identifier)) {
                return new QuiltPatchId(quilt, e.startColumn(), e.endColumn());
            }
        }
        throw new ReadException(quilt, ReadException.Reason.NOT_FOUND, "quilt " + quilt + " has no patch with identifier '"
                + identifier + "'");
    }

    @Override
    public Integer call() throws Exception {
        ClientConfig cfg = chainSelection.read();
        List<QuiltRead> reads = new ArrayList<>();
        String what = "quilt";
        try (dev.walrusstream.chain.Chain chain = cfg.openChain();
             StorageClient client = new StorageClient(chain, cfg.options());
             DatasetReader reader = new DatasetReader(client, BlobCache.none(), 1, keyOptions.open())) {
            if (selection.patchIds != null) {
                for (String p : selection.patchIds) {
                    QuiltPatchId id = QuiltArguments.patchId(p, "--quilt-patch-ids");
                    what = "quilt " + id.quiltId() + " (patch " + p + ")";
                    reads.add(reader.envelope(id.quiltId()).isEmpty() ? client.readQuiltPatch(id) : opened(reader, id));
                }
            } else {
                BlobId quilt = QuiltArguments.quiltId(selection.byQuilt.quiltId, "--quilt-id");
                what = "quilt " + quilt;
                boolean clear = reader.envelope(quilt).isEmpty();
                if (selection.byQuilt.which.identifiers != null) {
                    for (String identifier : selection.byQuilt.which.identifiers) {
                        reads.add(clear ? client.readQuiltPatch(quilt, identifier)
                                : opened(reader, patchOf(reader, quilt, identifier)));
                    }
                } else {
                    List<String> tag = selection.byQuilt.which.tag;
                    if (clear) {
                        reads.addAll(client.readQuiltPatchesByTag(quilt, tag.get(0), tag.get(1)));
                    } else {
                        for (QuiltEntry e : reader.patches(quilt)) {
                            if (tag.get(1).equals(e.tags().get(tag.get(0)))) {
                                reads.add(opened(reader, new QuiltPatchId(quilt, e.startColumn(), e.endColumn())));
                            }
                        }
                    }
                }
            }
        } catch (ReadException e) {
            throw new IllegalStateException(e.reason() + ": " + e.getMessage(), e);
        } catch (EncryptionException e) {
            throw KeyOptions.failure(what, e);
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

package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.EncodedBlob;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.codec.RedStuffParams;
import dev.walrusstream.codec.quilt.Quilt;
import dev.walrusstream.codec.quilt.QuiltEncoder;
import dev.walrusstream.codec.quilt.QuiltEntry;
import dev.walrusstream.codec.quilt.QuiltPatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code walrus-stream store-quilt}: many small files as one QuiltV1 blob, as {@code walrus store-quilt} does. */
@Command(name = "store-quilt", mixinStandardHelpOptions = true,
        description = "Store files as the patches of one quilt (QuiltV1): one blob, one registration, each file readable "
                + "alone by its quilt patch ID, or by the quilt ID and its identifier or tags.")
public final class StoreQuiltCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Inputs inputs;

    static class Inputs {
        @Option(names = "--paths", arity = "1..*", paramLabel = "PATH",
                description = "Files, or directories (their files, not recursively); identifiers are the file names.")
        List<Path> paths;

        @Option(names = "--blobs", arity = "1..*", paramLabel = "JSON",
                description = "Walrus-style blob specs: '{\"path\":\"a.txt\",\"identifier\":\"x\",\"tags\":{\"k\":\"v\"}}'.")
        List<String> blobs;
    }

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "1",
            description = "Epochs ahead to store the quilt for, or 'max' (default: ${DEFAULT-VALUE}).")
    String epochs;

    @Option(names = "--permanent", description = "Store a permanent blob (the default is deletable, as in Walrus).")
    boolean permanent;

    @Option(names = "--json", description = "Print Walrus CLI JSON: {blobStoreResult, storedQuiltBlobs: [{identifier, "
            + "quiltPatchId, range}]}.")
    boolean json;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        List<QuiltPatch> patches = patches();
        ClientConfig cfg = chainSelection.read();
        try (Chain chain = cfg.openChain(); StorageClient client = new StorageClient(chain, cfg.options())) {
            ChainInfo info = chain.info();
            int e = epochs.equalsIgnoreCase("max") ? info.maxEpochsAhead() : Integer.parseInt(epochs.trim());
            Quilt quilt = QuiltEncoder.build(RedStuffParams.of(info.nShards()), patches);
            EncodedBlob blob = quilt.encode(RedStuff.create());
            StoreResult r = client.store(blob, new StoreOptions(e, !permanent, false));
            if (json) {
                ObjectNode o = WalrusJson.JSON.createObjectNode();
                o.set("blobStoreResult", WalrusJson.storeResult(r));
                ArrayNode stored = o.putArray("storedQuiltBlobs");
                for (QuiltEntry entry : quilt.entries()) {
                    ObjectNode p = stored.addObject();
                    p.put("identifier", entry.identifier());
                    p.put("quiltPatchId", quilt.patchId(blob.blobId(), entry).text());
                    p.putArray("range").add(entry.startColumn()).add(entry.endColumn());
                }
                out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else {
                StoreCommand.human(out, patches.size() + " files as a quilt", quilt.blob().length, r, info);
                out.println("Quilt patches:");
                for (QuiltEntry entry : quilt.entries()) {
                    out.println("  " + entry.identifier() + "  " + quilt.patchId(blob.blobId(), entry).text()
                            + (entry.tags().isEmpty() ? "" : "  " + entry.tags()));
                }
            }
            return r.isStored() ? 0 : 1;
        }
    }

    private List<QuiltPatch> patches() throws IOException {
        List<QuiltPatch> out = new ArrayList<>();
        if (inputs.paths != null) {
            for (Path p : inputs.paths) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.list(p)) {
                        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                            out.add(new QuiltPatch(f.getFileName().toString(), InputFiles.readAll(f.toString(), null)));
                        }
                    }
                } else {
                    out.add(new QuiltPatch(p.getFileName().toString(), InputFiles.readAll(p.toString(), null)));
                }
            }
        } else {
            for (String spec : inputs.blobs) {
                JsonNode j;
                try {
                    j = WalrusJson.JSON.readTree(spec);
                } catch (IOException e) {
                    throw new IllegalArgumentException("--blobs '" + spec + "' is not JSON: " + e.getMessage());
                }
                String path = j.path("path").asText(null);
                if (path == null) {
                    throw new IllegalArgumentException("--blobs '" + spec + "' has no \"path\"");
                }
                String identifier = j.hasNonNull("identifier") ? j.get("identifier").asText()
                        : Path.of(path).getFileName().toString();
                Map<String, String> tags = new LinkedHashMap<>();
                j.path("tags").fields().forEachRemaining(t -> tags.put(t.getKey(), t.getValue().isTextual()
                        ? t.getValue().asText() : t.getValue().toString()));
                out.add(new QuiltPatch(identifier, tags, InputFiles.readAll(path, null)));
            }
        }
        Set<String> seen = new HashSet<>();
        for (QuiltPatch p : out) {
            if (!seen.add(p.identifier())) {
                throw new IllegalArgumentException("identifier '" + p.identifier() + "' is given twice; identifiers in a "
                        + "quilt must be unique (use --blobs with \"identifier\" to rename)");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no files to store in the quilt");
        }
        return out;
    }
}

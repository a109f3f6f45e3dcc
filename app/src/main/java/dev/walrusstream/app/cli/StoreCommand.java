package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.RegisterOp;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.client.StoreOptions;
import dev.walrusstream.client.StoreResult;
import dev.walrusstream.codec.text.ByteSize;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code walrus-stream store}: store files as blobs on the network, as {@code walrus store} does. */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Store each FILE as a blob: encode, register on the chain, upload to the storage nodes, "
                + "collect their confirmations and certify. A blob already certified long enough is not paid for again.")
public final class StoreCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "1",
            description = "Epochs ahead to store the blobs for, or 'max' (default: ${DEFAULT-VALUE}).")
    String epochs;

    @ArgGroup(exclusive = true)
    Persistence persistence = new Persistence();

    static class Persistence {
        @Option(names = "--permanent", description = "Store permanent blobs (cannot be deleted before they expire).")
        boolean permanent;

        @Option(names = "--deletable", description = "Store deletable blobs (the default, as in Walrus since v1.33).")
        boolean deletable;
    }

    @Option(names = "--force", description = "Register a new blob object even if the blob is already certified.")
    boolean force;

    @Option(names = "--json", description = "Print Walrus CLI JSON: a list of {blobStoreResult, path}.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to store, or - for standard input.")
    List<String> files;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        ClientConfig cfg = chainSelection.read();
        try (Chain chain = cfg.openChain()) {
            return store(chain, cfg);
        }
    }

    private int store(Chain chain, ClientConfig cfg) throws Exception {
        ChainInfo info = chain.info();
        int e = epochs.equalsIgnoreCase("max") ? info.maxEpochsAhead() : parseEpochs(epochs);
        StoreOptions options = new StoreOptions(e, !persistence.permanent, force);
        ArrayNode results = WalrusJson.JSON.createArrayNode();
        List<StoreResult> all = new ArrayList<>();
        try (StorageClient client = new StorageClient(chain, cfg.options())) {
            for (String file : files) {
                byte[] data = InputFiles.readAll(file, System.in);
                StoreResult r = client.store(data, options);
                all.add(r);
                if (json) {
                    ObjectNode o = results.addObject();
                    o.set("blobStoreResult", WalrusJson.storeResult(r));
                    o.put("path", InputFiles.displayName(file));
                } else {
                    human(out, InputFiles.displayName(file), data.length, r, info);
                }
            }
        }
        if (json) {
            out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        }
        return all.stream().allMatch(StoreResult::isStored) ? 0 : 1;
    }

    private static int parseEpochs(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException x) {
            throw new IllegalArgumentException("--epochs must be a number or 'max', got '" + text + "'");
        }
    }

    /** Whether the object ID names a real Sui object. */
    static String where(ChainInfo info) {
        if (info.kind().equals("local")) {
            return "  (on LocalChain, not Sui)";
        }
        return info.description().contains("LocalSui") ? "  (on LocalChain served as a Sui ledger, not Sui)" : "";
    }

    static void human(PrintStream out, String path, long size, StoreResult r, ChainInfo info) {
        if (r instanceof StoreResult.NewlyCreated n) {
            out.println("Success: " + (n.blobObject().deletable() ? "Deletable" : "Permanent") + " blob stored successfully.");
            out.println("Path: " + path);
            out.println("Blob ID: " + n.blobId());
            out.println("Sui object ID: " + n.blobObject().id() + where(info));
            out.println("Unencoded size: " + ByteSize.format(size));
            out.println("Encoded size (including replicated metadata): " + ByteSize.format(n.resourceOperation().encodedLength()));
            String how = n.resourceOperation() instanceof RegisterOp.RegisterFromScratch
                    ? "storage was purchased, and a new blob object was registered"
                    : n.resourceOperation() instanceof RegisterOp.ReuseAndExtend x
                    ? "the existing blob object was extended by " + x.epochsExtended() + " epochs"
                    : "an existing registration was reused";
            out.println("Cost (excluding gas): " + Sizes.wal(n.cost()) + " (" + how + ")");
            out.println("Expiry epoch (exclusive): " + n.blobObject().endEpoch());
            out.println("Encoding type: RedStuff/Reed-Solomon");
            if (!n.confirmedBy().isEmpty()) {
                out.println("Confirmed by " + n.confirmedBy().size() + " nodes: " + String.join(", ", n.confirmedBy()));
            }
            for (String f : n.failedNodes()) {
                out.println("  not confirmed: " + f);
            }
        } else if (r instanceof StoreResult.AlreadyCertified a) {
            out.println("Success: Blob was already available and certified within Walrus, for a sufficient number of epochs.");
            out.println("Path: " + path);
            out.println("Blob ID: " + a.blobId());
            out.println(a.event() != null ? "Certification event ID: " + a.event() : "Owned Blob registration object ID: "
                    + a.object());
            out.println("Expiry epoch (exclusive): " + a.endEpoch());
        } else if (r instanceof StoreResult.MarkedInvalid m) {
            out.println("Error: Blob is marked as invalid.");
            out.println("Path: " + path);
            out.println("Blob ID: " + m.blobId());
            out.println("Invalidation event ID: " + m.event());
        } else if (r instanceof StoreResult.Failed f) {
            out.println("Error: storing the blob failed in phase '" + f.phase().label() + "'.");
            out.println("Path: " + path);
            if (f.blobId() != null) {
                out.println("Blob ID: " + f.blobId());
            }
            out.println("Reason: " + f.message());
        }
        out.println();
    }
}

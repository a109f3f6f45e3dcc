package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.client.BlobLifecycle;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.codec.RedStuff;
import dev.walrusstream.crypto.Envelope;
import dev.walrusstream.crypto.KeySource;
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

    @Option(names = "--encrypt", description = "Encrypt each file on this machine before encoding (AES-256-GCM with a "
            + "fresh data key wrapped by the key of --key-file or --key-source); only ciphertext leaves.")
    boolean encrypt;

    @picocli.CommandLine.Mixin
    KeyOptions keyOptions = new KeyOptions();

    @Option(names = "--dry-run", description = "Encode only: print the blob ID, the unencoded and encoded sizes and the "
            + "WAL cost; nothing is sent to the chain or the storage nodes.")
    boolean dryRun;

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
        if (encrypt != keyOptions.given()) {
            throw new IllegalArgumentException(encrypt ? "--encrypt needs the key: --key-file FILE or --key-source SPEC"
                    : "--key-file / --key-source encrypt only with --encrypt (say --encrypt to store ciphertext)");
        }
        KeySource keys = keyOptions.open();
        ChainInfo info = chain.info();
        int e = epochs.equalsIgnoreCase("max") ? info.maxEpochsAhead() : parseEpochs(epochs);
        if (dryRun) {
            return dryRun(chain, keys, e);
        }
        StoreOptions options = new StoreOptions(e, !persistence.permanent, force);
        ArrayNode results = WalrusJson.JSON.createArrayNode();
        List<StoreResult> all = new ArrayList<>();
        try (StorageClient client = new StorageClient(chain, cfg.options())) {
            for (String file : files) {
                byte[] data = InputFiles.readAll(file, System.in);
                Envelope envelope = keys == null ? null : Envelope.create(keys);
                byte[] blob = envelope == null ? data : envelope.encrypt(data);
                StoreResult r = client.store(blob, options);
                all.add(r);
                if (json) {
                    ObjectNode o = results.addObject();
                    o.set("blobStoreResult", WalrusJson.storeResult(r));
                    o.put("path", InputFiles.displayName(file));
                    if (envelope != null) {
                        o.set("encryption", encryptionJson(envelope, data.length));
                    }
                } else {
                    human(out, InputFiles.displayName(file), blob.length, r, info);
                    if (envelope != null) {
                        out.println("Encrypted: AES-256-GCM, key ID " + envelope.wrappedKey().keyId() + ", plaintext "
                                + ByteSize.format(data.length) + " (read it back with --key-file)");
                        out.println();
                    }
                }
            }
        }
        if (json) {
            out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        }
        return all.stream().allMatch(StoreResult::isStored) ? 0 : 1;
    }

    private int dryRun(Chain chain, KeySource keys, int e) throws Exception {
        BlobLifecycle lifecycle = new BlobLifecycle(chain);
        ArrayNode results = WalrusJson.JSON.createArrayNode();
        for (String file : files) {
            byte[] data = InputFiles.readAll(file, System.in);
            byte[] blob = keys == null ? data : Envelope.create(keys).encrypt(data);
            BlobLifecycle.DryRun d = lifecycle.dryRun(blob, e, RedStuff.create());
            if (json) {
                ObjectNode o = results.addObject();
                o.put("path", InputFiles.displayName(file));
                o.put("blobId", d.blobId().base64Url());
                o.put("unencodedSize", d.unencodedSize());
                o.put("encodedSize", d.encodedSize());
                o.put("epochs", d.epochs());
                o.put("storageCost", d.storageCost());
                o.put("writeCost", d.writeCost());
                o.put("totalCost", d.totalCost());
                o.put("encrypted", keys != null);
            } else {
                out.println("Dry run: nothing was sent to the chain or the storage nodes.");
                out.println("Path: " + InputFiles.displayName(file));
                out.println("Blob ID: " + d.blobId() + (keys != null ? "  (of this encryption; every store encrypts "
                        + "afresh, so the blob ID differs)" : ""));
                out.println("Unencoded size: " + ByteSize.format(d.unencodedSize()));
                out.println("Encoded size (including replicated metadata): " + ByteSize.format(d.encodedSize()));
                out.println("Cost (excluding gas): " + Sizes.wal(d.totalCost()) + " (storage " + Sizes.wal(d.storageCost())
                        + " for " + d.epochs() + " epochs, write " + Sizes.wal(d.writeCost()) + ")");
                out.println();
            }
        }
        if (json) {
            out.println(WalrusJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        }
        return 0;
    }

    static ObjectNode encryptionJson(Envelope envelope, long plaintextSize) {
        ObjectNode o = WalrusJson.JSON.createObjectNode();
        o.put("format", 1);
        o.put("keyId", envelope.wrappedKey().keyId());
        o.put("wrapAlgorithm", envelope.wrappedKey().algorithm());
        o.put("wrappedKey", java.util.Base64.getEncoder().encodeToString(envelope.wrappedKey().bytes()));
        o.put("chunkSize", envelope.header().chunkSize());
        o.put("plaintextSize", plaintextSize);
        return o;
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

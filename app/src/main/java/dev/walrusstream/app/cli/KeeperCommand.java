package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.app.stack.DatasetManifests;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.client.BlobKeeper;
import dev.walrusstream.client.ClientConfig;
import dev.walrusstream.client.StorageClient;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestEntry;
import dev.walrusstream.schemas.ManifestFile;
import dev.walrusstream.schemas.ManifestSegment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code walrus-stream keeper}: keeps a dataset's blobs alive, extending them before they expire
 * within a WAL budget. The dataset's blob objects come from its manifest blob, a file of object IDs
 * or the command line.
 */
@Command(name = "keeper", mixinStandardHelpOptions = true,
        description = "Extend a dataset's blob objects before they expire, in batches, within a WAL budget; warn when "
                + "the budget or balance will not cover the next renewal. Runs a round at every epoch change "
                + "(or once with --once). Exit code 3: stopped at the budget or balance.")
public final class KeeperCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ChainSelection chainSelection = new ChainSelection();

    @Option(names = "--dataset", required = true, paramLabel = "D", description = "The dataset (named in messages; "
            + "checked against the manifest).")
    String dataset;

    @Option(names = "--manifest", paramLabel = "BLOB_ID", description = "The dataset's manifest blob: every blob "
            + "object it lists is kept.")
    String manifest;

    @picocli.CommandLine.Mixin
    KeyOptions keyOptions = new KeyOptions();

    @Option(names = "--objects-file", paramLabel = "FILE", description = "A file of blob object IDs, one per line.")
    Path objectsFile;

    @Option(names = "--object-id", paramLabel = "ID", description = "A blob object to keep (repeatable).")
    List<String> objectIds = new ArrayList<>();

    @Option(names = "--min-epochs-left", paramLabel = "N", defaultValue = "2",
            description = "Renew blobs with fewer than N epochs left (default: ${DEFAULT-VALUE}).")
    int minEpochsLeft;

    @Option(names = "--epochs-extended", paramLabel = "N", defaultValue = "5",
            description = "Epochs each renewal adds (default: ${DEFAULT-VALUE}).")
    int epochsExtended;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "50",
            description = "Renewals per batch, each batch one transaction; a batch goes ahead only if the budget covers all of it (default: "
                    + "${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--budget", paramLabel = "WAL", description = "Most WAL this keeper may spend (default: no limit).")
    String budget;

    @Option(names = "--once", description = "Run one round and exit.")
    boolean once;

    @Option(names = "--json", description = "Print each round as a JSON line.")
    boolean json;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        BlobKeeper.Settings settings = new BlobKeeper.Settings(minEpochsLeft, epochsExtended, batch,
                budget == null ? Long.MAX_VALUE : BlobKeeper.parseWal(budget));
        ClientConfig cfg = chainSelection.read();
        try (Chain chain = cfg.openChain()) {
            BlobKeeper keeper = new BlobKeeper(chain, dataset, objects(chain, cfg), settings);
            BlobKeeper.Round last = once ? report(keeper.runOnce()) : keeper.follow(this::report, () -> true);
            return last.stopped().isPresent() ? 3 : 0;
        }
    }

    private BlobKeeper.Round report(BlobKeeper.Round round) {
        round.warning().ifPresent(err::println);
        if (json) {
            ObjectNode o = WalrusJson.JSON.createObjectNode();
            o.put("dataset", dataset);
            o.put("epoch", round.epoch());
            ArrayNode renewed = o.putArray("renewed");
            for (BlobKeeper.Renewal r : round.renewed()) {
                ObjectNode n = renewed.addObject();
                n.put("objectId", r.objectId().hex());
                n.put("blobId", r.blobId().base64Url());
                n.put("oldEndEpoch", r.oldEndEpoch());
                n.put("newEndEpoch", r.newEndEpoch());
                n.put("cost", r.cost());
                n.put("txDigest", r.txDigest());
            }
            ArrayNode lost = o.putArray("lost");
            round.lost().forEach(id -> lost.add(id.hex()));
            o.put("spent", round.spent());
            if (round.budgetLeft() != Long.MAX_VALUE) {
                o.put("budgetLeft", round.budgetLeft());
            }
            round.warning().ifPresent(w -> o.put("warning", w));
            round.stopped().ifPresent(s -> o.put("stopped", s));
            out.println(o.toString());
        } else {
            out.println("epoch " + round.epoch() + ": renewed " + round.renewed().size() + " blob object(s) of dataset '"
                    + dataset + "', " + round.lost().size() + " lost; spent " + BlobKeeper.wal(round.spent())
                    + ", budget left " + BlobKeeper.wal(round.budgetLeft()));
            for (BlobKeeper.Renewal r : round.renewed()) {
                out.println("  " + r.objectId() + " (" + r.blobId() + "): end epoch " + r.oldEndEpoch() + " -> "
                        + r.newEndEpoch() + " for " + BlobKeeper.wal(r.cost()));
            }
            round.stopped().ifPresent(out::println);
        }
        out.flush();
        return round;
    }

    private List<ObjectId> objects(Chain chain, ClientConfig cfg) throws Exception {
        Set<ObjectId> ids = new LinkedHashSet<>();
        for (String id : objectIds) {
            ids.add(ExtendCommand.parseObjectId(id, "--object-id"));
        }
        if (objectsFile != null) {
            int line = 0;
            for (String l : Files.readAllLines(objectsFile)) {
                line++;
                if (!l.isBlank() && !l.startsWith("#")) {
                    ids.add(ExtendCommand.parseObjectId(l, objectsFile + " line " + line));
                }
            }
        }
        if (manifest != null) {
            DatasetManifest m;
            try (StorageClient client = new StorageClient(chain, cfg.options())) {
                dev.walrusstream.codec.BlobId id = BlobIdArgument.parse(manifest);
                byte[] bytes = client.read(id);
                if (dev.walrusstream.client.EncryptedReads.isEncrypted(bytes)) {
                    dev.walrusstream.crypto.KeySource keys = keyOptions.open();
                    if (keys == null) {
                        throw new IllegalArgumentException("manifest " + id + " is encrypted with key ID '"
                                + dev.walrusstream.crypto.EnvelopeHeader.parse(bytes).wrappedKey().keyId()
                                + "'; give that key with --key-file or --key-source");
                    }
                    bytes = ReadCommand.decrypt(id, bytes, keys);
                }
                m = DatasetManifests.fromBytes(bytes);
            }
            if (!m.getDataset().equals(dataset)) {
                throw new IllegalArgumentException("--manifest " + manifest + " is of dataset '" + m.getDataset()
                        + "', not '" + dataset + "'");
            }
            for (ManifestEntry e : m.getBlobs()) {
                if (e.getObjectId() != null) {
                    ids.add(ObjectId.parse(e.getObjectId()));
                }
            }
            for (ManifestFile f : m.getFiles()) {
                for (ManifestSegment s : f.getSegments()) {
                    if (s.getObjectId() != null) {
                        ids.add(ObjectId.parse(s.getObjectId()));
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no blob objects to keep for dataset '" + dataset + "': give --manifest, "
                    + "--objects-file or --object-id");
        }
        return new ArrayList<>(ids);
    }
}

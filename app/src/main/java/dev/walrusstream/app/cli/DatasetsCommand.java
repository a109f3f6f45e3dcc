package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.app.stack.ReceiptWatcher;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.ReceiptKind;
import dev.walrusstream.schemas.StoreStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code walrus-stream datasets}: the dataset versions the receipts topic knows, with their manifests. */
@Command(name = "datasets", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List dataset versions from the encode job's receipts: dataset, version, state (closed: its "
                + "final manifest is stored; snapshot: open, with a manifest snapshot; open: no manifest yet), files "
                + "and bytes certified, the manifest's blob ID and the earliest end epoch of the version's blobs.",
                "Reads the receipt topic from the beginning up to its end at start, then stops once nothing arrived "
                        + "for 2 s."})
public final class DatasetsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    ReceiptTopicOptions receiptTopic = new ReceiptTopicOptions();

    @Option(names = "--group", paramLabel = "ID", description = "Consumer group to read in (default: a new one each run).")
    String group;

    @Option(names = "--json", description = "A JSON array instead of a table.")
    boolean json;

    /** One dataset version as the receipts tell it. */
    static final class Version {
        final String dataset;
        final String version;
        final Set<String> uploads = new HashSet<>();
        final Set<String> segments = new HashSet<>();
        long bytes;
        Integer endEpoch;
        BlobReceipt finalManifest;
        BlobReceipt snapshot;

        Version(String dataset, String version) {
            this.dataset = dataset;
            this.version = version;
        }

        void add(BlobReceipt r) {
            if (r.getKind() == ReceiptKind.MANIFEST) {
                if ("manifest".equals(r.getSourceName())) {
                    finalManifest = r;
                } else {
                    snapshot = r;
                }
                return;
            }
            if (r.getStatus() != StoreStatus.NEWLY_CREATED && r.getStatus() != StoreStatus.ALREADY_CERTIFIED) {
                return;
            }
            uploads.add(r.getUploadId());
            if (segments.add(r.getUploadId() + "#" + r.getSegment())) {
                bytes += r.getSize();
            }
            if (r.getEndEpoch() != null) {
                endEpoch = endEpoch == null ? r.getEndEpoch() : Math.min(endEpoch, r.getEndEpoch());
            }
        }

        String state() {
            return finalManifest != null ? "closed" : snapshot != null ? "snapshot" : "open";
        }

        BlobReceipt manifest() {
            return finalManifest != null ? finalManifest : snapshot;
        }
    }

    @Override
    public Integer call() throws Exception {
        ReceiptTopicOptions.ReceiptTopic where = receiptTopic.resolve();
        String b = where.bootstrap();
        String reg = where.registry();
        String t = where.topic();
        Map<String, Version> versions = new TreeMap<>();
        try (ReceiptWatcher<BlobReceipt> watcher = ReceiptWatcher.receipts(b, reg, t, group)) {
            readToQuiet(watcher, Duration.ofSeconds(2), r -> add(versions, r));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode array = mapper.createArrayNode();
            for (Version v : versions.values()) {
                ObjectNode n = array.addObject();
                n.put("dataset", v.dataset);
                n.put("version", v.version);
                n.put("state", v.state());
                n.put("files", v.uploads.size());
                n.put("bytes", v.bytes);
                n.put("manifestBlobId", v.manifest() == null ? null : v.manifest().getBlobId());
                if (v.manifest() != null && v.manifest().getCertifiedAt() != null) {
                    n.put("manifestCertifiedAt", v.manifest().getCertifiedAt().toString());
                }
                if (v.endEpoch != null) {
                    n.put("endEpoch", v.endEpoch);
                } else {
                    n.putNull("endEpoch");
                }
            }
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } else {
            String format = "%-20s %-12s %-9s %7s %14s  %-44s %s%n";
            out.printf(format, "DATASET", "VERSION", "STATE", "FILES", "BYTES", "MANIFEST BLOB ID", "END EPOCH");
            for (Version v : versions.values()) {
                out.printf(format, v.dataset, v.version, v.state(), v.uploads.size(), v.bytes,
                        v.manifest() == null ? "-" : v.manifest().getBlobId(), v.endEpoch == null ? "-" : v.endEpoch);
            }
        }
        out.flush();
        return 0;
    }

    /** Folds one receipt into the versions, by dataset then version (receipts of no dataset are skipped). */
    static void add(Map<String, Version> versions, BlobReceipt r) {
        if (r.getDataset() == null || r.getDatasetVersion() == null) {
            return;
        }
        versions.computeIfAbsent(r.getDataset() + "\n" + r.getDatasetVersion(),
                k -> new Version(r.getDataset(), r.getDatasetVersion())).add(r);
    }

    /**
     * Hands every record to {@code sink} (keeping none) until the watcher holds its partitions and has
     * reached their end offsets as of start, and then nothing new arrived for {@code quiet}.
     */
    static <T extends org.apache.avro.specific.SpecificRecord> void readToQuiet(ReceiptWatcher<T> watcher,
                                                                               Duration quiet,
                                                                               java.util.function.Consumer<T> sink) {
        long idleSince = -1;
        while (true) {
            List<T> fresh = watcher.drain(Duration.ofMillis(500));
            fresh.forEach(sink);
            if (idleSince < 0 ? watcher.caughtUp() : !fresh.isEmpty()) {
                idleSince = System.nanoTime();
            }
            if (idleSince >= 0 && System.nanoTime() - idleSince > quiet.toNanos()) {
                return;
            }
        }
    }
}

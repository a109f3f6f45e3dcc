package dev.walrusstream.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walrusstream.app.stack.ReceiptWatcher;
import dev.walrusstream.schemas.BlobReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code walrus-stream receipts}: the committed receipts of the encode job, one JSON object per line. */
@Command(name = "receipts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the encode job's receipts (committed records of the receipt topic, from the beginning) "
                + "as JSON lines: upload id, segment i of n, source name, blob id, quilt patch id, size, status.",
                "Reads from the beginning up to the end the topic had at start, then stops once no receipt arrived for "
                        + "2 s; with --upload, once those uploads have all their receipts "
                        + "(exit 1 if --wait passes first); --follow keeps printing until Ctrl-C."})
public final class ReceiptsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    ReceiptTopicOptions receiptTopic = new ReceiptTopicOptions();

    @Option(names = "--upload", paramLabel = "ID", description = "Only these uploads (repeatable); wait until each "
            + "has all its receipts.")
    List<String> uploads = new ArrayList<>();

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "With --upload: how long to wait for their receipts (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--follow", description = "Keep printing new receipts until Ctrl-C.")
    boolean follow;

    @Option(names = "--group", paramLabel = "ID", description = "Consumer group to read in (default: a new one each run).")
    String group;

    @Override
    public Integer call() throws Exception {
        ReceiptTopicOptions.ReceiptTopic where = receiptTopic.resolve();
        String b = where.bootstrap();
        String reg = where.registry();
        String t = where.topic();
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        Set<String> wanted = new LinkedHashSet<>(uploads);
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        long idleSince = -1;
        int printed = 0;
        try (ReceiptWatcher<BlobReceipt> watcher = ReceiptWatcher.receipts(b, reg, t, group)) {
            while (true) {
                List<BlobReceipt> all = watcher.poll(Duration.ofMillis(500));
                // the quiet period starts only once the partitions are held and read up to their end at start
                if (idleSince < 0 ? watcher.caughtUp() : all.size() > printed) {
                    idleSince = System.nanoTime();
                }
                for (BlobReceipt r : all.subList(printed, all.size())) {
                    if (wanted.isEmpty() || wanted.contains(r.getUploadId())) {
                        out.println(json.writeValueAsString(toJson(json, r)));
                    }
                }
                out.flush();
                printed = all.size();
                if (follow) {
                    continue;
                }
                if (!wanted.isEmpty()) {
                    List<String> waiting = wanted.stream().filter(id -> !complete(all, id)).toList();
                    if (waiting.isEmpty()) {
                        return 0;
                    }
                    if (System.nanoTime() > deadline) {
                        spec.commandLine().getErr().println("error: after " + waitSeconds + " s no complete receipts for "
                                + waiting);
                        return 1;
                    }
                } else if (idleSince >= 0 && System.nanoTime() - idleSince > Duration.ofSeconds(2).toNanos()) {
                    return 0;
                }
            }
        }
    }

    private static boolean complete(List<BlobReceipt> all, String uploadId) {
        Set<Integer> segments = new java.util.HashSet<>();
        int count = 0;
        for (BlobReceipt r : all) {
            if (r.getUploadId().equals(uploadId)) {
                segments.add(r.getSegment());
                count = Math.max(count, r.getSegments());
            }
        }
        return count > 0 && segments.size() == count;
    }

    static ObjectNode toJson(ObjectMapper json, BlobReceipt r) {
        ObjectNode n = json.createObjectNode();
        n.put("uploadId", r.getUploadId());
        n.put("kind", r.getKind().name());
        if (r.getDataset() != null) {
            n.put("dataset", r.getDataset());
            n.put("datasetVersion", r.getDatasetVersion());
        }
        n.put("segment", r.getSegment());
        n.put("segments", r.getSegments());
        n.put("sourceName", r.getSourceName());
        n.put("blobId", r.getBlobId());
        n.put("quiltPatchId", r.getQuiltPatchId());
        n.put("objectId", r.getObjectId());
        n.put("size", r.getSize());
        n.put("status", r.getStatus().name());
        if (r.getError() != null) {
            n.putObject("error").put("phase", r.getError().getPhase()).put("reason", r.getError().getReason());
        }
        if (r.getEndEpoch() != null) {
            n.put("endEpoch", r.getEndEpoch());
        }
        if (r.getCertifiedAt() != null) {
            n.put("certifiedAt", r.getCertifiedAt().toString());
        }
        return n;
    }
}

package dev.walrusstream.app.stack;

import dev.walrusstream.aggregator.Aggregator;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.ReceiptKind;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows the receipts topic from its start and tells an aggregator about every dataset manifest
 * receipt ({@code kind = MANIFEST}), so the aggregator lists dataset versions the job wrote. A thread
 * of its own; close to stop it.
 */
public final class ManifestFeed implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    private ManifestFeed(Aggregator aggregator, String bootstrap, String registry, String topic, PrintStream log) {
        thread = new Thread(() -> follow(aggregator, bootstrap, registry, topic, log), "walrus-manifest-feed");
        thread.setDaemon(true);
    }

    public static ManifestFeed start(Aggregator aggregator, String bootstrap, String registry, String topic, PrintStream log) {
        ManifestFeed f = new ManifestFeed(aggregator, bootstrap, registry, topic, log);
        f.thread.start();
        return f;
    }

    private void follow(Aggregator aggregator, String bootstrap, String registry, String topic, PrintStream log) {
        Set<String> seen = new HashSet<>();
        try (ReceiptWatcher<BlobReceipt> receipts = ReceiptWatcher.receipts(bootstrap, registry, topic)) {
            int at = 0;
            while (running) {
                List<BlobReceipt> all = receipts.poll(Duration.ofMillis(500));
                for (; at < all.size(); at++) {
                    BlobReceipt r = all.get(at);
                    aggregator.noteReceipt(view(r));
                    if (r.getKind() != ReceiptKind.MANIFEST || !seen.add(r.getBlobId().toString())) {
                        continue;
                    }
                    try {
                        var v = aggregator.addManifest(BlobId.parse(r.getBlobId().toString()));
                        log.println("aggregator: dataset " + v.dataset() + " " + v.version() + " (" + v.files().size()
                                + " files, manifest " + r.getBlobId() + ")");
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        log.println("aggregator: cannot read manifest " + r.getBlobId() + " of receipt for upload "
                                + r.getUploadId() + ": " + e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                log.println("aggregator: the manifest feed from " + topic + " stopped: " + e.getMessage());
            }
        }
    }

    private static java.util.Map<String, Object> view(BlobReceipt r) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("kind", r.getKind().name());
        m.put("uploadId", r.getUploadId().toString());
        m.put("sourceName", r.getSourceName() == null ? "" : r.getSourceName().toString());
        m.put("segment", r.getSegment() + 1 + "/" + r.getSegments());
        m.put("blobId", r.getBlobId().toString());
        m.put("quiltPatchId", r.getQuiltPatchId() == null ? "" : r.getQuiltPatchId().toString());
        m.put("endEpoch", r.getEndEpoch() == null ? "" : r.getEndEpoch().toString());
        m.put("dataset", r.getDataset() == null ? "" : r.getDataset() + " " + (r.getDatasetVersion() == null ? ""
                : r.getDatasetVersion()));
        return m;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

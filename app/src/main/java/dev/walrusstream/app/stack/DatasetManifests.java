package dev.walrusstream.app.stack;

import dev.walrusstream.schemas.BlobReceipt;
import dev.walrusstream.schemas.DatasetManifest;
import dev.walrusstream.schemas.ManifestCodec;
import dev.walrusstream.schemas.ReceiptKind;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Dataset manifests as the encode job stores them (docs/dataset-manifests.md): Avro object container
 * files, one blob per closed version (and snapshots of open ones), announced by MANIFEST receipts.
 */
public final class DatasetManifests {
    /** Source name of a final manifest's receipt (a snapshot's is {@code manifest-snapshot}). */
    public static final String FINAL = "manifest";

    private DatasetManifests() {
    }

    public static byte[] toBytes(DatasetManifest manifest) throws IOException {
        return ManifestCodec.toBytes(manifest);
    }

    public static DatasetManifest fromBytes(byte[] bytes) throws IOException {
        return ManifestCodec.fromBytes(bytes);
    }

    /** True for the receipt of the final manifest of {@code dataset}/{@code version}. */
    public static boolean isFinal(BlobReceipt r, String dataset, String version) {
        return r.getKind() == ReceiptKind.MANIFEST && FINAL.equals(r.getSourceName())
                && dataset.equals(r.getDataset()) && version.equals(r.getDatasetVersion());
    }

    /** Waits for the receipt of the version's final manifest. */
    public static BlobReceipt awaitFinal(ReceiptWatcher<BlobReceipt> receipts, String dataset, String version,
                                         Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<BlobReceipt> all = receipts.poll(Duration.ofMillis(200));
            for (BlobReceipt r : all) {
                if (isFinal(r, dataset, version)) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no final manifest of " + dataset + "/" + version + " within "
                        + timeout.toSeconds() + " s");
            }
        }
    }
}

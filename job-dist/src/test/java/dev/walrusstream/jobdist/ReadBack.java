package dev.walrusstream.jobdist;

import dev.walrusstream.client.StorageClient;
import dev.walrusstream.codec.BlobId;
import dev.walrusstream.codec.quilt.QuiltPatchId;
import dev.walrusstream.schemas.BlobReceipt;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rebuilds an upload from its receipts with verified reads from the storage nodes: a plain blob, the
 * blobs of a segmented upload in order, or a patch of a quilt.
 */
final class ReadBack {
    private final StorageClient client;

    ReadBack(StorageClient client) {
        this.client = client;
    }

    byte[] upload(List<BlobReceipt> receipts) throws Exception {
        List<BlobReceipt> ordered = new ArrayList<>(receipts);
        ordered.sort(Comparator.comparingInt(BlobReceipt::getSegment));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BlobReceipt r : ordered) {
            out.writeBytes(r.getQuiltPatchId() != null
                    ? client.readQuiltPatch(QuiltPatchId.parse(r.getQuiltPatchId())).patch().data()
                    : client.read(BlobId.parse(r.getBlobId())));
        }
        return out.toByteArray();
    }
}
